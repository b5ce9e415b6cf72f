import { stmt } from './database.js';
import type { PaperIndex } from './paper-index.js';

/** What `paperscope info` shows (and `--json` emits). */
export interface IndexInfo {
  dir: string;
  papers: number;
  model?: { id: string; dtype: string; dims: number };
  schemaVersion: number;
  createdAt?: string;
  updatedAt?: string;
  sizes: { databaseBytes: number; hnswBytes: number };
  hnsw?: { file: string; vectors: number; fresh: boolean; m: number; efConstruction: number; ef: number };
  cachedEmbeddings: number;
  themes?: { count: number; computedAt?: string; stale: boolean; k?: number };
}

export function indexInfo(index: PaperIndex): IndexInfo {
  return index.snapshot(() => {
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
      hnsw: hnsw && { file: hnsw.file, vectors: hnsw.count, fresh: index.hnswFresh, ...params },
      cachedEmbeddings: (stmt(index.db, 'SELECT count(*) AS n FROM embeddings').get() as { n: number }).n,
      themes:
        themeCount > 0
          ? {
              count: themeCount,
              computedAt: meta.get('themes_computed_at'),
              stale: Number(themesGeneration) !== index.generation,
              k: meta.has('themes_k') ? Number(meta.get('themes_k')) : undefined,
            }
          : undefined,
    };
  });
}
