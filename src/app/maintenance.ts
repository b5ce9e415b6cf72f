import { UserError } from '../errors.js';
import { requireModel } from '../store/port.js';
import type { IndexInfo } from '../store/records.js';
import type { AppContext } from './context.js';

export interface RemoveSummary {
  removed: string[];
  papersInIndex: number;
}

export interface ReindexSummary {
  vectors: number;
  bytes: number;
  seconds: number;
}

/** Removes papers by id, all or nothing: an unknown id changes nothing and names itself. */
export async function remove(ctx: AppContext, ids: string[]): Promise<RemoveSummary> {
  if (ids.length === 0) throw new UserError('give the ids of the papers to remove', 'find ids with paperscope search "<words>" --json');
  return ctx.store.write('remove', async (index) => {
    await requireModel(index);
    const { removed, unknown } = await index.removePapers(ids);
    if (unknown.length > 0) {
      throw new UserError(`no paper with id ${unknown.join(', ')} in index ${index.location}; nothing was removed`, 'check the ids with paperscope search "<words>" --json');
    }
    await index.updateVectorIndex();
    return { removed, papersInIndex: await index.countPapers() };
  });
}

/** Rebuilds the vector index from the stored vectors: the cure for a missing or damaged HNSW file. */
export async function reindex(ctx: AppContext, onProgress?: (done: number, total: number) => void): Promise<ReindexSummary> {
  const started = performance.now();
  return ctx.store.write('reindex', async (index) => {
    await requireModel(index);
    const { vectors, bytes } = await index.rebuildVectorIndex(onProgress);
    return { vectors, bytes, seconds: (performance.now() - started) / 1000 };
  });
}

export function info(ctx: AppContext): Promise<IndexInfo> {
  return ctx.store.read((index) => index.info());
}
