import { UserError } from '../../errors.js';
import { exactTopK } from '../../vectors/exact.js';
import { hasFilters, type DenseResult, type SearchFilters } from '../records.js';
import { stmt } from './database.js';
import { filterSql } from './filter-sql.js';
import type { PaperIndex } from './paper-index.js';
import type { VectorIndex } from '../../vectors/hnsw.js';
import { loadVectorMatrix } from './vectors.js';

/** Below this many allowed papers a filtered search is exact: cheaper than steering HNSW around. */
const EXACT_BELOW = 2000;

const loaded = new WeakMap<PaperIndex, { file: string; vectors: VectorIndex }>();

/** The HNSW of this index, loaded once per open index (and again if a writer replaced it). */
function vectorIndexOf(index: PaperIndex): VectorIndex | undefined {
  const info = index.hnswFile;
  const cached = loaded.get(index);
  if (cached && info && cached.file === info.file && info.generation === index.generation) return cached.vectors;
  const vectors = index.loadVectorIndex();
  if (vectors && info) loaded.set(index, { file: info.file, vectors });
  return vectors;
}

/** Nearest papers to `query` by cosine, honouring filters without losing the top k. Call inside a snapshot. */
export function denseSearch(index: PaperIndex, query: Float32Array, limit: number, filters?: SearchFilters, excludeLabel?: number): DenseResult {
  const model = index.requireModel();
  if (query.length !== model.dims) {
    throw new UserError(`query vector has ${query.length} dims but index ${index.dir} holds ${model.dims}`, 'search with the model the index was built with');
  }
  const allowed = hasFilters(filters) ? allowedLabels(index, filters) : undefined;
  if (allowed && excludeLabel !== undefined) allowed.delete(excludeLabel);
  const vectors = vectorIndexOf(index);
  const hnswStale = !vectors;
  if (vectors && !(allowed && allowed.size < EXACT_BELOW)) {
    const accept = allowed ? (label: number) => allowed.has(label) : excludeLabel !== undefined ? (label: number) => label !== excludeLabel : undefined;
    return { hits: vectors.search(query, limit, accept), hnswStale };
  }
  const { labels, matrix } = loadVectorMatrix(index.db, model.key, model.dims, allowed);
  const accept = excludeLabel !== undefined ? (label: number) => label !== excludeLabel : undefined;
  return { hits: exactTopK(query, matrix, labels, limit, accept), hnswStale };
}

function allowedLabels(index: PaperIndex, filters: SearchFilters): Set<number> {
  const f = filterSql(filters);
  const rows = stmt(index.db, `SELECT p.rowid AS label FROM papers p WHERE ${f.where}`).all(...f.params) as { label: number }[];
  return new Set(rows.map((r) => r.label));
}
