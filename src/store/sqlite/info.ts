import type { IndexInfo } from '../records.js';
import { stmt } from './database.js';
import type { PaperIndex } from './paper-index.js';

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
}
