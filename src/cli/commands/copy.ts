import { copy } from '../../api.js';
import type { OptionValues } from '../../options/spec.js';
import type { COPY_COMMAND } from '../command-options.js';
import { printer } from '../format.js';
import { Progress } from '../progress.js';
import type { Terminal } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export async function copyCommand(indexes: string[], values: OptionValues<typeof COPY_COMMAND>, term: Terminal): Promise<void> {
  if (indexes.length !== 2) throw new UsageError(`copy takes two indexes, the one to copy and where to copy it (got ${indexes.length})`);
  const { out, json } = printer(term);
  const progress = new Progress(term, 'copying');
  try {
    const s = await copy(indexes[0], indexes[1], { env: term.env, onProgress: (done, total) => progress.update(done, total) });
    progress.stop();
    if (values.json) json(s);
    else out(`copied ${s.copied} papers (${s.unchanged} were there already), ${s.vectors} vectors and ${s.themes} themes from ${s.from} to ${s.to} in ${s.seconds.toFixed(1)} s; ${s.papersInTarget} papers there`);
  } finally {
    progress.stop();
  }
}
