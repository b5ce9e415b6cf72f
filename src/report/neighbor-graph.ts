import { exactTopK } from '../search/exact.js';
import { VectorIndex, type HnswParams } from '../store/vector-index.js';

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

/**
 * Nearest neighbours through the index's HNSW: one query per paper. `labels[i]` is paper i's HNSW
 * label (its rowid). One extra result is asked for, since the paper itself is normally the first.
 */
export function hnswNeighborGraph(vectors: VectorIndex, matrix: Float32Array, labels: Int32Array, k: number): NeighborGraph {
  const graph = emptyGraph(labels.length, k);
  fillNeighborRows(vectors, matrix, labels, rowsByLabel(labels), graph, 0, labels.length);
  return graph;
}

/** Row number of each HNSW label. */
export function rowsByLabel(labels: Int32Array): Map<number, number> {
  const rowOf = new Map<number, number>();
  labels.forEach((label, row) => rowOf.set(label, row));
  return rowOf;
}

/** Fills rows `from` to `to` (exclusive) of the graph from HNSW queries. */
export function fillNeighborRows(vectors: VectorIndex, matrix: Float32Array, labels: Int32Array, rowOf: Map<number, number>, graph: NeighborGraph, from: number, to: number): void {
  const { k } = graph;
  const dims = matrix.length / Math.max(labels.length, 1);
  for (let i = from; i < to; i++) {
    // hnswlib does not promise an order; the report and the duplicate scan want nearest first.
    const hits = vectors.search(matrix.subarray(i * dims, (i + 1) * dims), k + 1).sort((a, b) => b.score - a.score || a.label - b.label);
    let j = 0;
    for (const hit of hits) {
      const row = rowOf.get(hit.label);
      // Not itself; a label the snapshot does not know would be an HNSW entry newer than it.
      if (row === undefined || row === i || j === k) continue;
      graph.indices[i * k + j] = row;
      graph.similarities[i * k + j] = hit.score;
      j++;
    }
  }
}

/** Exact neighbours: every pair compared. The fallback when the HNSW file lags behind the database. */
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

/** A throwaway in-memory HNSW over the snapshot's vectors, for a stale index too big to search exactly. */
export function temporaryVectorIndex(matrix: Float32Array, labels: Int32Array, params: HnswParams): VectorIndex {
  const n = labels.length;
  const dims = matrix.length / Math.max(n, 1);
  const vectors = VectorIndex.create(dims, n, params);
  for (let i = 0; i < n; i++) vectors.add(labels[i], matrix.subarray(i * dims, (i + 1) * dims));
  return vectors;
}

/** `shared`: backed by SharedArrayBuffers, so a worker thread can fill rows of it too. */
export function emptyGraph(n: number, k: number, shared = false): NeighborGraph {
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return { n, k, indices: new Int32Array(buffer(n * k * 4)).fill(-1), similarities: new Float32Array(buffer(n * k * 4)) };
}
