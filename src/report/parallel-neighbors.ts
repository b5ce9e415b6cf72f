import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VectorIndex, VectorIndexSource } from '../store/vector-index.js';
import { configuredThreads } from '../system.js';
import { emptyGraph, fillNeighborRows, rowsByLabel, type NeighborGraph } from './neighbor-graph.js';

/** Below this many papers one thread finishes before a second one has loaded the index. */
export const PARALLEL_MIN_PAPERS = 2000;
/** Rows taken at a time by either thread: small enough to share the work evenly, large enough to be cheap. */
export const CHUNK_ROWS = 256;
/** A helper that started but stopped answering is waited for this long before its rows are redone here. */
const HELPER_TIMEOUT_MS = 60_000;

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
  /** 1 for each chunk whose rows are written. */
  chunkDone: Uint8Array;
}

/** Slots of `control`, and the helper's states. */
export const NEXT_CHUNK = 0;
export const HELPER_STATE = 1;
export const HELPER_DONE = 1;
export const HELPER_FAILED = 2;

const WORKER_FILE = new URL('./neighbor-worker.js', import.meta.url);

/**
 * The HNSW neighbour graph with a helper thread: hnswlib-node searches one query at a time and blocks
 * its thread, so on 2 cores a second thread (its own copy of the index, loaded from the same file) halves
 * the time. Both take chunks of rows from a shared counter. Without a second core, a file to load, or the
 * compiled worker (running from the TypeScript sources), or below PARALLEL_MIN_PAPERS: one thread.
 */
export function parallelHnswNeighborGraph(
  vectors: VectorIndex,
  source: VectorIndexSource,
  matrix: Float32Array,
  labels: Int32Array,
  k: number,
): { graph: NeighborGraph; threads: number } {
  const n = labels.length;
  const workerPath = fileURLToPath(WORKER_FILE);
  if (n < PARALLEL_MIN_PAPERS || configuredThreads() < 2 || !existsSync(workerPath)) {
    const graph = emptyGraph(n, k);
    fillNeighborRows(vectors, matrix, labels, rowsByLabel(labels), graph, 0, n);
    return { graph, threads: 1 };
  }
  const graph = emptyGraph(n, k, true);
  const chunks = Math.ceil(n / CHUNK_ROWS);
  const job: NeighborJob = {
    source,
    matrix: sharedCopy(matrix, Float32Array),
    labels: sharedCopy(labels, Int32Array),
    indices: graph.indices,
    similarities: graph.similarities,
    k,
    control: new Int32Array(new SharedArrayBuffer(8)),
    chunkDone: new Uint8Array(new SharedArrayBuffer(chunks)),
  };
  let worker: Worker | undefined;
  try {
    worker = new Worker(workerPath, { workerData: job });
    worker.on('error', () => {}); // it reports through `control`; its unfinished rows are redone below
  } catch {
    Atomics.store(job.control, HELPER_STATE, HELPER_FAILED); // no thread to be had: this one does it all
  }
  const rowOf = rowsByLabel(labels);
  const fill = (chunk: number) => {
    fillNeighborRows(vectors, matrix, labels, rowOf, graph, chunk * CHUNK_ROWS, Math.min(n, (chunk + 1) * CHUNK_ROWS));
    Atomics.store(job.chunkDone, chunk, 1);
  };
  for (let chunk = Atomics.add(job.control, NEXT_CHUNK, 1); chunk < chunks; chunk = Atomics.add(job.control, NEXT_CHUNK, 1)) fill(chunk);
  // The helper finishes the chunk it holds; if it failed or hangs, its unfinished chunks are done here.
  Atomics.wait(job.control, HELPER_STATE, 0, HELPER_TIMEOUT_MS);
  for (let chunk = 0; chunk < chunks; chunk++) if (Atomics.load(job.chunkDone, chunk) === 0) fill(chunk);
  void worker?.terminate();
  return { graph, threads: worker ? 2 : 1 };
}

function sharedCopy<T extends Float32Array | Int32Array>(array: T, Kind: { new (buffer: SharedArrayBuffer): T }): T {
  const copy = new Kind(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
