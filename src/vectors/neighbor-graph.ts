import { exactTopK } from './exact.js';

/** How a neighbour graph was found: the index's HNSW, every pair compared, or an HNSW built for the occasion. */
export type NeighborMethod = 'hnsw' | 'exact' | 'hnsw-rebuilt';

/**
 * Each paper's k nearest other papers, as rows of a flat n x k table: `indices[i * k + j]` is the
 * j-th nearest paper to paper i (a row number, not a rowid), `similarities` its cosine similarity.
 * A slot is -1 when fewer than k neighbours were found.
 */
export interface NeighborGraph {
  n: number;
  k: number;
  indices: Int32Array;
  similarities: Float32Array;
}

/** Above this many papers an exact all-pairs search (n^2 dot products) takes longer than building an HNSW. */
export const EXACT_GRAPH_MAX = 4000;

/** Exact neighbours: every pair compared (n^2 dot products). */
export function exactNeighborGraph(matrix: Float32Array, n: number, k: number): NeighborGraph {
  const dims = matrix.length / Math.max(n, 1);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  const graph = emptyGraph(n, k);
  for (let i = 0; i < n; i++) {
    const hits = exactTopK(matrix.subarray(i * dims, (i + 1) * dims), matrix, rows, k, (row) => row !== i);
    hits.forEach((hit, j) => {
      graph.indices[i * k + j] = hit.label;
      graph.similarities[i * k + j] = hit.score;
    });
  }
  return graph;
}

/** `shared`: backed by SharedArrayBuffers, so a worker thread can fill rows of it too. */
export function emptyGraph(n: number, k: number, shared = false): NeighborGraph {
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return { n, k, indices: new Int32Array(buffer(n * k * 4)).fill(-1), similarities: new Float32Array(buffer(n * k * 4)) };
}
