/**
 * One HNSW measurement: build VectorIndex (DEFAULT_HNSW) over a matrix, save it, then time held-out
 * queries against it and against exact search (exactTopK), which is also the ground truth for recall.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exactTopK } from '../../src/vectors/exact.js';
import { DEFAULT_HNSW, VectorIndex } from '../../src/vectors/hnsw.js';
import { collectGarbage, percentile, progress } from './stats.js';
import { describeVectors, perturbedQueries } from './synthetic.js';

const K = 10;

export interface HnswRun {
  vectors: number;
  dims: number;
  queries: number;
  buildSeconds: number;
  recallAt10: number;
  p50Ms: number;
  p95Ms: number;
  exactP50Ms: number;
  exactP95Ms: number;
  /** RSS after building minus before (garbage collected both times); meaningful in a fresh process. */
  rssDeltaBytes: number;
  fileBytes: number;
  nnCosine: number;
  randomPairCosine: number;
}

export async function measureHnsw(matrix: Float32Array, dims: number, queryCount: number, saveDir: string): Promise<HnswRun> {
  const n = matrix.length / dims;
  const row = (i: number) => matrix.subarray(i * dims, (i + 1) * dims);
  const shape = describeVectors(matrix, dims, n > 50_000 ? 30 : 100); // each probe scans all n

  await collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const index = VectorIndex.create(dims, n, DEFAULT_HNSW);
  for (let i = 0; i < n; i++) {
    index.add(i, row(i));
    if ((i + 1) % 50_000 === 0) progress(`hnsw: ${i + 1} / ${n} added`);
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  await collectGarbage();
  const rssDeltaBytes = process.memoryUsage().rss - rssBefore;
  mkdirSync(saveDir, { recursive: true });
  const info = index.save(saveDir, 1);
  const fileBytes = statSync(join(saveDir, info.file)).size;

  progress(`hnsw: ${queryCount} queries against HNSW and exact search`);
  const queries = perturbedQueries(matrix, dims, queryCount, 99);
  const labels = Int32Array.from({ length: n }, (_, i) => i);
  const q = (j: number) => queries.subarray(j * dims, (j + 1) * dims);
  for (let j = 0; j < Math.min(20, queryCount); j++) index.search(q(j), K); // warm-up
  const hnswMs: number[] = [];
  const exactMs: number[] = [];
  let found = 0;
  for (let j = 0; j < queryCount; j++) {
    let s = performance.now();
    const approx = index.search(q(j), K);
    hnswMs.push(performance.now() - s);
    s = performance.now();
    const exact = exactTopK(q(j), matrix, labels, K);
    exactMs.push(performance.now() - s);
    const truth = new Set(exact.map((h) => h.label));
    found += approx.filter((h) => truth.has(h.label)).length;
  }
  return {
    vectors: n,
    dims,
    queries: queryCount,
    buildSeconds,
    recallAt10: found / (queryCount * K),
    p50Ms: percentile(hnswMs, 50),
    p95Ms: percentile(hnswMs, 95),
    exactP50Ms: percentile(exactMs, 50),
    exactP95Ms: percentile(exactMs, 95),
    rssDeltaBytes,
    fileBytes,
    nnCosine: shape.nnCosine,
    randomPairCosine: shape.randomPairCosine,
  };
}
