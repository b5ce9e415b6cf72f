import { formatBytes, out, printJson } from '../format.js';
import { Progress } from '../progress.js';
import { indexFrom, type CommonFlags } from '../shared.js';

export async function infoCommand(flags: CommonFlags): Promise<void> {
  const index = await indexFrom(flags);
  try {
    const info = index.info();
    if (flags.json) {
      printJson(info);
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

export async function removeCommand(ids: string[], flags: CommonFlags): Promise<void> {
  const index = await indexFrom(flags);
  try {
    const result = index.remove(ids);
    if (flags.json) printJson(result);
    else out(`removed ${result.removed.length} paper${result.removed.length === 1 ? '' : 's'}; ${result.papersInIndex} left`);
  } finally {
    await index.close();
  }
}

export async function reindexCommand(flags: CommonFlags): Promise<void> {
  const index = await indexFrom(flags);
  const progress = new Progress('rebuilding HNSW');
  try {
    const result = index.reindex((done, total) => progress.update(done, total));
    progress.stop();
    if (flags.json) printJson(result);
    else out(`rebuilt the vector index: ${result.vectors} vectors, ${formatBytes(result.bytes)}, ${result.seconds.toFixed(1)} s`);
  } finally {
    progress.stop();
    await index.close();
  }
}
