import { VectorIndex, type HnswParams, type VectorIndexSource } from '../../vectors/hnsw.js';
import { hnswNeighborGraph, temporaryVectorIndex } from '../../vectors/hnsw-graph.js';
import { EXACT_GRAPH_MAX, exactNeighborGraph, type NeighborGraph, type NeighborMethod } from '../../vectors/neighbor-graph.js';
import { parallelHnswNeighborGraph } from './parallel-neighbors.js';

/**
 * The report's neighbour graph from this index: its HNSW file when that matches the snapshot (with a
 * helper thread when there are many papers and `threads` allows); otherwise exact search, or a temporary
 * HNSW for an index too big to compare every pair.
 */
export function neighborGraphFor(
  source: VectorIndexSource | undefined,
  params: HnswParams,
  matrix: Float32Array,
  labels: Int32Array,
  k: number,
  threads: number,
): { graph: NeighborGraph; method: NeighborMethod; threads: number } {
  // A single paper has no neighbours to look for.
  if (k <= 0) return { graph: exactNeighborGraph(matrix, labels.length, 0), method: source ? 'hnsw' : 'exact', threads: 1 };
  if (source) {
    const vectors = VectorIndex.load(source.dir, source.info, source.dims, source.ef);
    return { ...parallelHnswNeighborGraph(vectors, source, matrix, labels, k, threads), method: 'hnsw' };
  }
  if (labels.length <= EXACT_GRAPH_MAX) return { graph: exactNeighborGraph(matrix, labels.length, k), method: 'exact', threads: 1 };
  return { graph: hnswNeighborGraph(temporaryVectorIndex(matrix, labels, params), matrix, labels, k), method: 'hnsw-rebuilt', threads: 1 };
}
