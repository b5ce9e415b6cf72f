import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { emptyGraph, type NeighborGraph } from '../../vectors/neighbor-graph.js';
import { fillNeighborRows, hnswNeighborGraph, rowsByLabel } from '../../vectors/hnsw-graph.js';
import type { VectorIndex, VectorIndexSource } from '../../vectors/hnsw.js';
import { BY_HELPER, BY_MAIN, CHUNK_ROWS, HELPER_FAILED, HELPER_STATE, NEXT_CHUNK, type NeighborJob } from './neighbor-job.js';

/** Below this many papers one thread finishes before a second one has loaded the index. */
export const PARALLEL_MIN_PAPERS = 2000;
/** A helper that started but stopped answering is waited for this long before its rows are redone here. */
const HELPER_TIMEOUT_MS = 60_000;
const WORKER_FILE = new URL('./neighbor-worker.js', import.meta.url);

/**
 * The HNSW neighbour graph with a helper thread: hnswlib-node searches one query at a time and blocks
 * its thread, so on 2 cores a second thread (its own copy of the index, loaded from the same file) halves
 * the time. Both take chunks of rows from a shared counter. Without a second core, a file to load, or the
 * compiled worker (running from the TypeScript sources), or below PARALLEL_MIN_PAPERS: one thread.
 * `threads` is what the caller may use (openIndex's `threads`, else PAPERSCOPE_THREADS, else every core).
 */
export function parallelHnswNeighborGraph(
  vectors: VectorIndex,
  source: VectorIndexSource,
  matrix: Float32Array,
  labels: Int32Array,
  k: number,
  threads: number,
): { graph: NeighborGraph; threads: number } {
  const n = labels.length;
  const workerPath = fileURLToPath(WORKER_FILE);
  if (n < PARALLEL_MIN_PAPERS || threads < 2 || !existsSync(workerPath)) {
    return { graph: hnswNeighborGraph(vectors, matrix, labels, k), threads: 1 };
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
    Atomics.store(job.chunkDone, chunk, BY_MAIN);
  };
  for (let chunk = Atomics.add(job.control, NEXT_CHUNK, 1); chunk < chunks; chunk = Atomics.add(job.control, NEXT_CHUNK, 1)) fill(chunk);
  // The helper finishes the chunk it holds (no wait if it holds none); if it failed or hangs, its
  // unfinished chunks are done here.
  if (job.chunkDone.some((by) => by === 0)) Atomics.wait(job.control, HELPER_STATE, 0, HELPER_TIMEOUT_MS);
  for (let chunk = 0; chunk < chunks; chunk++) if (Atomics.load(job.chunkDone, chunk) === 0) fill(chunk);
  // Not terminated: a helper still loading the index (this thread may have done every chunk first) would be
  // stopped inside hnswlib's native load, which aborts the whole process (seen in CI under load). It finds no
  // chunk left and ends by itself; unref'd, it never keeps the process alive.
  worker?.unref();
  return { graph, threads: job.chunkDone.some((by) => by === BY_HELPER) ? 2 : 1 };
}

function sharedCopy<T extends Float32Array | Int32Array>(array: T, Kind: { new (buffer: SharedArrayBuffer): T }): T {
  const copy = new Kind(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
