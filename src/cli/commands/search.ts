import type { SearchMode } from '../../api.js';
import { out, printHits, printJson, warn } from '../format.js';
import { filtersFrom, indexFrom, type CommonFlags } from '../shared.js';

const SCORE_LABEL: Record<SearchMode, string> = {
  hybrid: 'dense (cosine) and lexical (BM25) scores, each z-normalised, mixed half and half',
  dense: 'cosine similarity to the query',
  lexical: 'BM25 (title words count double)',
};

export async function searchCommand(query: string, flags: CommonFlags & { k: number; mode: SearchMode }): Promise<void> {
  const index = await indexFrom(flags);
  try {
    const result = await index.search(query, { k: flags.k, mode: flags.mode, filters: filtersFrom(flags), model: flags.model, dtype: flags.dtype });
    if (result.hnswStale) warn('note: the vector index is behind the database (an ingest was interrupted); searched exactly. The next ingest or paperscope reindex fixes it.');
    if (flags.json) printJson(result);
    else printHits(result.hits, SCORE_LABEL[flags.mode]);
  } finally {
    await index.close();
  }
}

export async function similarCommand(ref: string, flags: CommonFlags & { k: number }): Promise<void> {
  const index = await indexFrom(flags);
  try {
    const result = index.similar(ref, { k: flags.k, filters: filtersFrom(flags) });
    if (result.hnswStale) warn('note: the vector index is behind the database; searched exactly. The next ingest or paperscope reindex fixes it.');
    if (result.candidates?.length) {
      warn(`"${ref}" matched ${result.candidates.length + 1} titles; using the best match, ${result.of.id}. The others:`);
      for (const c of result.candidates) warn(`  ${c.id}  ${c.title}`);
    }
    if (flags.json) {
      printJson(result);
      return;
    }
    out(`papers like ${result.of.id}: ${result.of.title}\n`);
    printHits(result.hits, 'cosine similarity to that paper');
  } finally {
    await index.close();
  }
}
