/**
 * The helper thread of parallelHnswNeighborGraph: loads the same HNSW file and fills chunks of rows of the
 * shared graph until none are left. It always sets its state, because the main thread waits on it and
 * cannot hear events while it does; a failure here (even loading a module) only means the main thread
 * does the rest.
 */
import { workerData } from 'node:worker_threads';
import { BY_HELPER, CHUNK_ROWS, HELPER_DONE, HELPER_FAILED, HELPER_STATE, NEXT_CHUNK, type NeighborJob } from './neighbor-job.js';

const job = workerData as NeighborJob;
let state = HELPER_FAILED;
try {
  // Imported here, not above, so that a failure to load them is reported too.
  const [{ VectorIndex }, { fillNeighborRows, rowsByLabel }] = await Promise.all([import('../../vectors/hnsw.js'), import('../../vectors/hnsw-graph.js')]);
  const { dir, info, dims, ef } = job.source;
  const vectors = VectorIndex.load(dir, info, dims, ef);
  const n = job.labels.length;
  const graph = { n, k: job.k, indices: job.indices, similarities: job.similarities };
  const rowOf = rowsByLabel(job.labels);
  const chunks = job.chunkDone.length;
  for (let chunk = Atomics.add(job.control, NEXT_CHUNK, 1); chunk < chunks; chunk = Atomics.add(job.control, NEXT_CHUNK, 1)) {
    fillNeighborRows(vectors, job.matrix, job.labels, rowOf, graph, chunk * CHUNK_ROWS, Math.min(n, (chunk + 1) * CHUNK_ROWS));
    Atomics.store(job.chunkDone, chunk, BY_HELPER);
  }
  state = HELPER_DONE;
} catch {
  // The file went away (two writes since the report's snapshot) or could not be read: the main thread copes.
} finally {
  Atomics.store(job.control, HELPER_STATE, state);
  Atomics.notify(job.control, HELPER_STATE);
}
