/**
 * One ingest worker for the many-writers tests, in a process of its own as on another machine: the built
 * library's ingest with small windows (so several workers interleave within a file). Prints the summary.
 *   node test/postgres/ingest-worker.mjs <index> <window> <models dir> <model> <file>...
 */
import { openIndex } from '../../dist/api.js';

const [index, window, modelsDir, model, ...files] = process.argv.slice(2);
const paperscope = openIndex({ dir: index, modelsDir, offline: true, threads: 1 });
try {
  const summary = await paperscope.ingest(files, { model, windowSize: Number(window) });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await paperscope.close();
}
