/**
 * Child process: the large HNSW measurement on synthetic vectors, in a fresh process so that the RSS
 * growth while building is the index's own. Run as:
 *   node --import tsx scripts/bench/child-hnsw.ts <vectors> <queries> <saveDir>
 * Prints one JSON line (HnswRun).
 */
import { measureHnsw } from './hnsw-measure.js';
import { progress } from './stats.js';
import { ClusteredSpace } from './synthetic.js';

async function main(): Promise<void> {
  const [n, queries, saveDir] = process.argv.slice(2);
  if (!n || !queries || !saveDir) throw new Error('usage: child-hnsw.ts <vectors> <queries> <saveDir>');
  progress(`hnsw: generating ${Number(n).toLocaleString('en-US')} synthetic clustered vectors`);
  const matrix = new ClusteredSpace().generate(Number(n), 2024);
  const run = await measureHnsw(matrix, 384, Number(queries), saveDir);
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
