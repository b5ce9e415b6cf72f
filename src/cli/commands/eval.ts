import { evaluate } from '../../api.js';
import type { OptionValues } from '../../options/spec.js';
import type { EVAL_COMMAND } from '../command-options.js';
import { printer } from '../format.js';
import { Progress } from '../progress.js';
import type { Terminal } from '../terminal.js';

export async function evalCommand(_: undefined, { json, beir, modes, split, dir, model, dtype, modelsDir, offline }: OptionValues<typeof EVAL_COMMAND>, term: Terminal): Promise<void> {
  const { out, json: printJson } = printer(term);
  const progress = new Progress(term, 'embedding corpus');
  try {
    const summary = await evaluate({ beir, modes, split, dir, model, dtype, modelsDir, offline, env: term.env, onProgress: (p) => progress.update(p.embedded) });
    progress.stop();
    if (json) {
      printJson(summary);
      return;
    }
    const { scores } = summary;
    out(`${summary.beir}: ${summary.documents} documents, ${scores[0]?.queries ?? 0} judged queries, ${summary.model.id} (${summary.model.dtype})\n`);
    out('mode      nDCG@10  Recall@100  MRR@10   time');
    for (const s of scores) {
      out(`${s.mode.padEnd(9)} ${s.ndcg10.toFixed(4).padStart(7)}  ${s.recall100.toFixed(4).padStart(10)}  ${s.mrr10.toFixed(4).padStart(6)}  ${s.seconds.toFixed(1)} s`);
    }
  } finally {
    progress.stop();
  }
}
