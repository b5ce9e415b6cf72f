import { UserError } from '../errors.js';
import { requireModel } from '../store/port.js';
import type { IndexInfo, PaperInfo } from '../store/records.js';
import type { AppContext } from './context.js';
import { refreshAdvice } from './themes.js';

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
    const { removed, unknown, ambiguous } = await index.removePapers(ids);
    if (unknown.length > 0) {
      throw new UserError(`no paper with id ${unknown.join(', ')} in index ${index.location}; nothing was removed`, 'check the ids with paperscope search "<words>" --json');
    }
    if (ambiguous.length > 0) {
      const [first] = ambiguous;
      throw new UserError(`${first.ref} names ${first.ids.length} papers (${first.ids.join(', ')}) in index ${index.location}; nothing was removed`, 'remove them by their ids instead');
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
  return ctx.store.read(async (index) => {
    const summary = await index.info();
    const refresh = summary.themes && refreshAdvice(summary.themes);
    return refresh ? { ...summary, themes: { ...summary.themes!, refresh } } : summary;
  });
}

/** One paper as stored, with every name it goes by and every source it was read from (several when a name is shared). */
export async function paperInfo(ctx: AppContext, ref: string): Promise<PaperInfo[]> {
  if (!ref.trim()) throw new UserError('give a paper id', 'e.g. paperscope info 2503.11731');
  const found = await ctx.store.read((index) => index.paperInfo(ref));
  if (found.length === 0) throw new UserError(`no paper with id or name "${ref}" in index ${ctx.store.location}`, 'find ids with paperscope search "<title words>" --json');
  return found;
}
