import { VectorIndex } from '../../vectors/hnsw.js';
import type { HnswState, IndexInfo, PaperInfo } from '../records.js';
import { stmt } from './database.js';
import type { PaperIndex } from './paper-index.js';
import { papersNamed } from './papers.js';
import { placedCounts } from './themes.js';

/** What `paperscope info` shows. Call inside a snapshot. */
export function indexInfo(index: PaperIndex): IndexInfo {
  const meta = index.allMeta();
  const model = index.model;
  const hnsw = index.hnswFile;
  const params = index.hnswParams;
  const sizes = index.sizes();
  const themeCount = (stmt(index.db, 'SELECT count(*) AS n FROM themes').get() as { n: number }).n;
  const themesGeneration = meta.get('themes_generation');
  return {
    dir: index.dir,
    papers: index.countPapers(),
    model: model && { id: model.id, dtype: model.dtype, dims: model.dims },
    schemaVersion: Number(meta.get('schema_version')),
    createdAt: meta.get('created_at'),
    updatedAt: meta.get('updated_at'),
    sizes: { databaseBytes: sizes.database, hnswBytes: sizes.hnsw },
    hnsw: hnsw && { file: hnsw.file, vectors: hnsw.count, ...hnswState(index), ...params },
    cachedEmbeddings: (stmt(index.db, 'SELECT count(*) AS n FROM embeddings').get() as { n: number }).n,
    themes:
      themeCount > 0
        ? {
            count: themeCount,
            computedAt: meta.get('themes_computed_at'),
            stale: Number(themesGeneration) !== index.generation,
            k: meta.has('themes_k') ? Number(meta.get('themes_k')) : undefined,
            ...placedCounts(index),
          }
        : undefined,
  };
}

function hnswState(index: PaperIndex): { fresh: boolean; state: HnswState } {
  const file = index.hnswFile;
  const checked = file ? VectorIndex.check(index.dir, file) : 'missing';
  const state: HnswState = checked !== 'ok' ? checked : index.hnswFresh ? 'fresh' : 'behind';
  return { fresh: state === 'fresh', state };
}

/** Every paper `ref` names (one, or several when sources gave the same id to different papers). Call inside a snapshot. */
export function paperInfo(index: PaperIndex, ref: string): PaperInfo[] {
  const found = papersNamed(index.db, ref.trim());
  const model = index.model;
  return found.map((stored): PaperInfo => {
    const keys = stmt(index.db, 'SELECT key FROM paper_keys WHERE paper_rowid = ?').all(stored.label) as { key: string }[];
    const names = stmt(index.db, 'SELECT name FROM paper_names WHERE paper_rowid = ?').all(stored.label) as { name: string }[];
    const embedded = model !== undefined && !!stmt(index.db, 'SELECT 1 FROM embeddings WHERE model = ? AND content_hash = ?').get(model.key, stored.hash);
    return {
      paper: stored.paper,
      // Text keys (`h:` hashes of title and abstract) are for dedupe; a paper is named by one only when it is its id.
      names: [...new Set([stored.paper.id, ...keys.map((k) => k.key).filter((k) => !k.startsWith('h:')), ...names.map((n) => n.name)])],
      addedAt: stored.addedAt,
      updatedAt: stored.updatedAt,
      embedded,
    };
  });
}
