/**
 * Child process: ingests a corpus with synthetic vectors (no model), to build the big index quickly and
 * to measure the store side on its own (peak memory; the rate of PostgreSQL writers). Run as:
 *   node --import tsx scripts/bench/child-ingest.ts <corpus> <index directory or postgresql:// URI>
 * Prints one JSON line: timings, the ingest summary's counts, start and peak RSS.
 */
import { ingest } from '../../src/app/ingest.js';
import { readSettings } from '../../src/settings.js';
import { openStore } from '../../src/store/open.js';
import { syntheticEmbedder } from './synthetic.js';

export interface ChildIngestResult {
  seconds: number;
  /** Parse + synthetic vectors + store, until the HNSW update starts. */
  storeSeconds: number;
  /** Building and saving the HNSW file. */
  hnswSeconds: number;
  papers: number;
  embedded: number;
  startRss: number;
  maxRss: number;
}

async function main(): Promise<void> {
  const [corpus, indexDir] = process.argv.slice(2);
  if (!corpus || !indexDir) throw new Error('usage: child-ingest.ts <corpus> <index>');
  const startRss = process.memoryUsage().rss;
  const embedder = syntheticEmbedder();
  const t0 = performance.now();
  let storeEnd: number | undefined;
  let lastReport = 0;
  const store = openStore(indexDir, readSettings());
  const summary = await ingest(store, {
    files: [corpus],
    loadEmbedder: async () => embedder,
    onProgress: (p) => {
      const now = performance.now();
      if (p.phase !== 'index') storeEnd = now; // the last read event comes right before the HNSW update
      if (now - lastReport > 5000) {
        lastReport = now;
        process.stderr.write(`  [child ingest] ${p.phase} ${p.done}${p.total ? `/${p.total}` : ''}\n`);
      }
    },
  });
  const end = performance.now();
  await store.close();
  const result: ChildIngestResult = {
    seconds: (end - t0) / 1000,
    storeSeconds: ((storeEnd ?? end) - t0) / 1000,
    hnswSeconds: (end - (storeEnd ?? end)) / 1000,
    papers: summary.papersInIndex,
    embedded: summary.embedded,
    startRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
