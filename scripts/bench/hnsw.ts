/**
 * Section 3: the HNSW index (VectorIndex with DEFAULT_HNSW) against exact search (exactTopK): build time,
 * recall@10, per-query latency, and memory, at the big index's size and at a large synthetic size.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { exactTopK } from '../../src/search/exact.js';
import { PaperIndex } from '../../src/store/paper-index.js';
import { DEFAULT_HNSW, VectorIndex } from '../../src/store/vector-index.js';
import { loadVectorMatrix } from '../../src/store/vectors.js';
import type { BenchContext } from './context.js';
import { atLeast, below, fmt, type Row } from './report.js';
import { collectGarbage, GB, MB, percentile, progress } from './stats.js';
import { ClusteredSpace, describeVectors, perturbedQueries } from './synthetic.js';

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
  rssDeltaBytes: number;
  fileBytes: number;
  nnCosine: number;
  randomPairCosine: number;
}

export async function benchHnsw(ctx: BenchContext): Promise<{ rows: Row[]; details: { index: HnswRun; large: HnswRun } }> {
  // The large run first: its RSS delta is then not flattered by heap the smaller index freed.
  const n = ctx.sizes.hnswLarge;
  progress(`hnsw: generating ${n.toLocaleString('en-US')} synthetic clustered vectors`);
  const large = await measure(ctx, new ClusteredSpace().generate(n, 2024), 384, Math.min(ctx.sizes.queries, 200), 'large');

  const big = await ctx.bigIndex();
  const reader = PaperIndex.openRead(big.dir);
  const model = reader.requireModel();
  const { matrix } = loadVectorMatrix(reader.db, model.key, model.dims);
  reader.close();
  progress(`hnsw: ${matrix.length / model.dims} vectors of the big index`);
  const index = await measure(ctx, matrix, model.dims, ctx.sizes.queries, 'index');

  const rows: Row[] = [...runRows(index, 'index, synthetic vectors', 0.98, true), ...runRows(large, 'synthetic', 0.95, false)];
  const perVector = large.rssDeltaBytes / large.vectors;
  const filePerVector = large.fileBytes / large.vectors;
  rows.push({
    section: 'hnsw',
    metric: `memory at ${large.vectors.toLocaleString('en-US')} (RSS delta)`,
    value: large.rssDeltaBytes / MB,
    unit: 'MB',
    baseline: { label: 'file', value: large.fileBytes / MB, unit: 'MB' },
    ratio: large.rssDeltaBytes / large.fileBytes,
    note: `${fmt(perVector)} bytes per vector in memory (${fmt(filePerVector)} on disk; the raw 384-d float32 vector is 1,536). Linear extrapolation: 1M ≈ ${fmt((perVector * 1e6) / GB)} GB RAM / ${fmt((filePerVector * 1e6) / GB)} GB file; 10M ≈ ${fmt((perVector * 1e7) / GB)} GB RAM / ${fmt((filePerVector * 1e7) / GB)} GB file`,
  });
  return { rows, details: { index, large } };
}

function runRows(r: HnswRun, what: string, recallTarget: number, latencyTarget: boolean): Row[] {
  const at = `${r.vectors.toLocaleString('en-US')} (${what})`;
  return [
    {
      section: 'hnsw',
      metric: `build ${at}`,
      value: r.buildSeconds,
      unit: 's',
      note: `${Math.round(r.vectors / r.buildSeconds).toLocaleString('en-US')} vectors/s, M ${DEFAULT_HNSW.m}, efConstruction ${DEFAULT_HNSW.efConstruction}; synthetic vectors: nearest-neighbour cosine ${r.nnCosine.toFixed(2)}, random pair ${r.randomPairCosine.toFixed(2)}`,
    },
    {
      section: 'hnsw',
      metric: `recall@10 at ${at}`,
      value: r.recallAt10,
      unit: '',
      target: atLeast(r.recallAt10, recallTarget, ''),
      note: `${r.queries} held-out queries (data points + noise), ef ${DEFAULT_HNSW.ef}, against exactTopK`,
    },
    {
      section: 'hnsw',
      metric: `query p50 at ${at}`,
      value: r.p50Ms,
      unit: 'ms',
      baseline: { label: 'exact p50', value: r.exactP50Ms, unit: 'ms' },
      ratio: r.exactP50Ms / r.p50Ms,
      ratioLabel: 'faster',
      target: latencyTarget ? below(r.p50Ms, 1, 'ms') : undefined,
    },
    {
      section: 'hnsw',
      metric: `query p95 at ${at}`,
      value: r.p95Ms,
      unit: 'ms',
      baseline: { label: 'exact p95', value: r.exactP95Ms, unit: 'ms' },
      ratio: r.exactP95Ms / r.p95Ms,
      ratioLabel: 'faster',
    },
  ];
}

async function measure(ctx: BenchContext, matrix: Float32Array, dims: number, queryCount: number, name: string): Promise<HnswRun> {
  const n = matrix.length / dims;
  const row = (i: number) => matrix.subarray(i * dims, (i + 1) * dims);
  const shape = describeVectors(matrix, dims, 100);

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
  const info = index.save(ctx.dir(`hnsw-${name}`), 1);
  const fileBytes = statSync(join(ctx.tmp, `hnsw-${name}`, info.file)).size;

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
