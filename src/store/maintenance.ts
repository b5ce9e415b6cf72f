import { UserError } from '../errors.js';
import { PaperIndex } from './paper-index.js';
import { removePapers } from './papers.js';

export interface RemoveSummary {
  removed: string[];
  papersInIndex: number;
}

/** Removes papers by id, all or nothing: an unknown id changes nothing and names itself. */
export function removeFromIndex(dir: string, ids: string[]): RemoveSummary {
  if (ids.length === 0) throw new UserError('give the ids of the papers to remove', 'find ids with paperscope search "<words>" --json');
  const index = PaperIndex.openWrite(dir, 'remove');
  try {
    index.requireModel();
    const base = index.hnswFresh ? index.hnswFile : undefined;
    const removed = index.db.transaction(() => {
      const result = removePapers(index.db, ids);
      if (result.unknown.length > 0) {
        throw new UserError(`no paper with id ${result.unknown.join(', ')} in index ${index.dir}; nothing was removed`, 'check the ids with paperscope search "<words>" --json');
      }
      if (result.ambiguous.length > 0) {
        const [first] = result.ambiguous;
        throw new UserError(
          `${first.ref} names ${first.ids.length} papers (${first.ids.join(', ')}) in index ${index.dir}; nothing was removed`,
          'remove them by their ids instead',
        );
      }
      index.bumpGeneration();
      return result.removed;
    })();
    const { vectors, rebuilt } = index.vectorIndexFrom(base);
    if (!rebuilt) for (const { rowid } of removed) vectors.remove(rowid);
    index.db.transaction(() => index.saveVectorIndex(vectors))();
    return { removed: removed.map((r) => r.id), papersInIndex: index.countPapers() };
  } finally {
    index.close();
  }
}

export interface ReindexSummary {
  vectors: number;
  bytes: number;
  seconds: number;
}

/** Rebuilds the HNSW file from the vectors stored in SQLite: the cure for a missing or damaged file. */
export function rebuildHnsw(dir: string, onProgress?: (done: number, total: number) => void): ReindexSummary {
  const started = performance.now();
  const index = PaperIndex.openWrite(dir, 'reindex');
  try {
    index.requireModel();
    const vectors = index.buildVectorIndex(onProgress);
    const info = index.db.transaction(() => index.saveVectorIndex(vectors))();
    return { vectors: info.count, bytes: info.bytes, seconds: (performance.now() - started) / 1000 };
  } finally {
    index.close();
  }
}
