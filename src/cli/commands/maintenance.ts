import type { OptionValues } from '../../options/spec.js';
import type { INDEX_COMMAND } from '../command-options.js';
import { formatBytes, printer } from '../format.js';
import { indexFor } from '../open.js';
import { Progress } from '../progress.js';
import type { Terminal } from '../terminal.js';

export async function infoCommand(_: undefined, values: OptionValues<typeof INDEX_COMMAND>, term: Terminal): Promise<void> {
  const { out, json } = printer(term);
  const index = indexFor(values, term);
  try {
    const info = await index.info();
    if (values.json) {
      json(info);
      return;
    }
    out(`index     ${info.dir}`);
    out(`papers    ${info.papers}`);
    out(`model     ${info.model ? `${info.model.id} (${info.model.dtype}, ${info.model.dims} dims)` : 'none yet'}`);
    out(`database  ${formatBytes(info.sizes.databaseBytes)} (${info.cachedEmbeddings} cached embeddings)`);
    if (info.hnsw) {
      const state = info.hnsw.fresh ? 'up to date' : 'behind the database: run paperscope reindex';
      out(`hnsw      ${formatBytes(info.sizes.hnswBytes)}, ${info.hnsw.vectors} vectors, M=${info.hnsw.m} efConstruction=${info.hnsw.efConstruction} ef=${info.hnsw.ef} (${state})`);
    }
    if (info.themes) out(`themes    ${info.themes.count} (computed ${info.themes.computedAt ?? '?'}${info.themes.stale ? '; stale: papers changed since, run paperscope themes --refresh' : ''})`);
    else out('themes    none yet (paperscope themes)');
    out(`created   ${info.createdAt ?? '?'}`);
    out(`updated   ${info.updatedAt ?? 'never'}`);
  } finally {
    await index.close();
  }
}

export async function removeCommand(ids: string[], values: OptionValues<typeof INDEX_COMMAND>, term: Terminal): Promise<void> {
  const { out, json } = printer(term);
  const index = indexFor(values, term);
  try {
    const result = await index.remove(ids);
    if (values.json) json(result);
    else out(`removed ${result.removed.length} paper${result.removed.length === 1 ? '' : 's'}; ${result.papersInIndex} left`);
  } finally {
    await index.close();
  }
}

export async function reindexCommand(_: undefined, values: OptionValues<typeof INDEX_COMMAND>, term: Terminal): Promise<void> {
  const { out, json } = printer(term);
  const index = indexFor(values, term);
  const progress = new Progress(term, 'rebuilding HNSW');
  try {
    const result = await index.reindex((done, total) => progress.update(done, total));
    progress.stop();
    if (values.json) json(result);
    else out(`rebuilt the vector index: ${result.vectors} vectors, ${formatBytes(result.bytes)}, ${result.seconds.toFixed(1)} s`);
  } finally {
    progress.stop();
    await index.close();
  }
}
