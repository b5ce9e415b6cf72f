import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { corpusItems, readBeir, scoreBeir } from '../../eval/beir.js';
import { SEARCH_MODES, type SearchMode } from '../../search/search.js';
import { out, printJson } from '../format.js';
import { Progress } from '../progress.js';
import { indexFrom, type CommonFlags } from '../shared.js';

export async function evalCommand(flags: Omit<CommonFlags, 'index'> & { beir?: string; mode: string; split: string; index?: string }): Promise<void> {
  if (!flags.beir) throw new UserError('eval needs --beir <dir>', 'point it at a BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/test.tsv)');
  const modes = flags.mode.split(',').map((m) => m.trim()) as SearchMode[];
  const bad = modes.find((m) => !SEARCH_MODES.includes(m));
  if (bad) throw new UserError(`unknown mode "${bad}"`, `use any of ${SEARCH_MODES.join(', ')}`);
  const collection = await readBeir(flags.beir, flags.split);
  const index = await indexFrom({ ...flags, index: flags.index ?? join(flags.beir, '.paperscope-index') });
  const progress = new Progress('embedding corpus');
  try {
    const built = await index.ingest([], {
      model: flags.model,
      dtype: flags.dtype,
      sources: [{ name: 'corpus.jsonl', items: corpusItems(flags.beir) }],
      onProgress: (p) => progress.update(p.embedded),
    });
    progress.stop();
    const scores = await scoreBeir(index, collection, modes);
    if (flags.json) {
      printJson({ beir: flags.beir, split: flags.split, documents: built.papersInIndex, model: built.model, scores });
      return;
    }
    out(`${flags.beir}: ${built.papersInIndex} documents, ${scores[0]?.queries ?? 0} judged queries, ${built.model.id} (${built.model.dtype})\n`);
    out('mode      nDCG@10  Recall@100  MRR@10   time');
    for (const s of scores) {
      out(`${s.mode.padEnd(9)} ${s.ndcg10.toFixed(4).padStart(7)}  ${s.recall100.toFixed(4).padStart(10)}  ${s.mrr10.toFixed(4).padStart(6)}  ${s.seconds.toFixed(1)} s`);
    }
  } finally {
    progress.stop();
    await index.close();
  }
}
