import type { SearchMode } from '../../api.js';
import type { OptionValues } from '../../options/spec.js';
import type { SEARCH_COMMAND, SIMILAR_COMMAND } from '../command-options.js';
import { printer, printHits } from '../format.js';
import { filtersFrom, indexFor } from '../open.js';
import type { Terminal } from '../terminal.js';

const SCORE_LABEL: Record<SearchMode, string> = {
  hybrid: 'dense (cosine) and lexical (BM25) scores, each z-normalised, mixed half and half',
  dense: 'cosine similarity to the query',
  lexical: 'BM25 (title words count double)',
};

export async function searchCommand(query: string, values: OptionValues<typeof SEARCH_COMMAND>, term: Terminal): Promise<void> {
  const p = printer(term);
  const index = indexFor(values, term);
  try {
    const result = await index.search(query, { k: values.k, mode: values.mode, model: values.model, dtype: values.dtype, filters: filtersFrom(values) });
    if (result.hnswStale) p.warn('note: the vector index is behind the database (an ingest was interrupted); searched exactly. The next ingest or paperscope reindex fixes it.');
    if (values.json) p.json(result);
    else printHits(p, result.hits, SCORE_LABEL[result.mode]);
  } finally {
    await index.close();
  }
}

export async function similarCommand(ref: string, values: OptionValues<typeof SIMILAR_COMMAND>, term: Terminal): Promise<void> {
  const p = printer(term);
  const index = indexFor(values, term);
  try {
    const result = await index.similar(ref, { k: values.k, filters: filtersFrom(values) });
    if (result.hnswStale) p.warn('note: the vector index is behind the database; searched exactly. The next ingest or paperscope reindex fixes it.');
    if (result.candidates?.length) {
      p.warn(`"${ref}" matched ${result.candidates.length + 1} titles; using the best match, ${result.of.id}. The others:`);
      for (const c of result.candidates) p.warn(`  ${c.id}  ${c.title}`);
    }
    if (values.json) {
      p.json(result);
      return;
    }
    p.out(`papers like ${result.of.id}: ${result.of.title}\n`);
    printHits(p, result.hits, 'cosine similarity to that paper');
  } finally {
    await index.close();
  }
}
