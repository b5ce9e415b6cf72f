import { corpusItems, readBeir, scoreBeir, type BeirScores } from '../eval/beir.js';
import { EVAL_OPTIONS } from '../options/catalog.js';
import { resolveOptions, type OptionValues } from '../options/spec.js';
import type { AppContext } from './context.js';
import { ingest, type IngestProgress } from './ingest.js';
import { search } from './search.js';

export interface EvalOptions extends OptionValues<typeof EVAL_OPTIONS> {
  /** Progress of embedding the corpus. */
  onProgress?: (p: IngestProgress) => void;
}

export interface EvalSummary {
  beir: string;
  split: string;
  /** Documents in the index built from the corpus. */
  documents: number;
  model: { id: string; dtype: string; dims: number };
  scores: BeirScores[];
}

/**
 * Scores search on a BEIR-format collection: ingests its corpus into the context's index (every `_id` its
 * own document, re-running embeds nothing new), then runs every judged query in each mode.
 */
export async function evaluate(ctx: AppContext, options: EvalOptions): Promise<EvalSummary> {
  const { beir, modes, split, model, dtype } = resolveOptions(EVAL_OPTIONS, options);
  if (beir === undefined) throw new TypeError('evaluate needs the BEIR folder (beir)');
  const collection = await readBeir(beir, split);
  const built = await ingest(ctx.store, {
    files: [],
    sources: [{ name: 'corpus.jsonl', items: corpusItems(beir) }],
    model,
    dtype,
    mergeDuplicates: false,
    loadEmbedder: (m, d) => ctx.embedder(m, d),
    onProgress: options.onProgress,
  });
  const scores = await scoreBeir((query, o) => search(ctx, query, o), collection, modes);
  return { beir, split, documents: built.papersInIndex, model: built.model, scores };
}
