/** Neighbour graphs found through hnswlib, one query per row (also by the SQLite store's helper thread). */
import { emptyGraph, type NeighborGraph } from './neighbor-graph.js';
import { VectorIndex, type HnswParams } from './hnsw.js';

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

/** A throwaway in-memory HNSW over the snapshot's vectors, for a stale index too big to search exactly. */
export function temporaryVectorIndex(matrix: Float32Array, labels: Int32Array, params: HnswParams): VectorIndex {
  const n = labels.length;
  const dims = matrix.length / Math.max(n, 1);
  const vectors = VectorIndex.create(dims, n, params);
  for (let i = 0; i < n; i++) vectors.add(labels[i], matrix.subarray(i * dims, (i + 1) * dims));
  return vectors;
}
