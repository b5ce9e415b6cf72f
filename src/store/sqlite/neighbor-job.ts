/**
 * What the main thread and the helper thread of parallelHnswNeighborGraph share. No imports but types, so
 * the helper can always load it and report, whatever else fails.
 */
import type { VectorIndexSource } from '../../vectors/hnsw.js';

/** Rows taken at a time by either thread: small enough to share the work evenly, large enough to be cheap. */
export const CHUNK_ROWS = 256;
/** The shared state of one parallel search; the worker entry reads it from `workerData`. */
export interface NeighborJob {
  source: VectorIndexSource;
  matrix: Float32Array;
  labels: Int32Array;
  indices: Int32Array;
  similarities: Float32Array;
  k: number;
  /** [next chunk to take, helper state: 0 running, HELPER_DONE or HELPER_FAILED] */
  control: Int32Array;
  /** For each chunk: 0 while its rows are not all written, then BY_MAIN or BY_HELPER. */
  chunkDone: Uint8Array;
}

/** Slots of `control`, and the helper's states. */
export const NEXT_CHUNK = 0;
export const HELPER_STATE = 1;
export const HELPER_DONE = 1;
export const HELPER_FAILED = 2;
/** Who wrote a chunk's rows. */
export const BY_MAIN = 1;
export const BY_HELPER = 2;
