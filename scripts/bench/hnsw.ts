/**
 * Section 3: the HNSW index (VectorIndex with DEFAULT_HNSW) against exact search (exactTopK): build time,
 * recall@10, per-query latency, and memory, at the big index's size and at a large synthetic size.
 */
import { join } from 'node:path';
import { PaperIndex } from '../../src/store/sqlite/paper-index.js';
import { DEFAULT_HNSW } from '../../src/vectors/hnsw.js';
import { loadVectorMatrix } from '../../src/store/sqlite/vectors.js';
import type { BenchContext } from './context.js';
import { measureHnsw, type HnswRun } from './hnsw-measure.js';
import { PROJECT_ROOT } from './paths.js';
import { atLeast, below, fmt, type Row } from './report.js';
import { checkOk, lastJson, runNode } from './spawn.js';
import { GB, MB, progress } from './stats.js';

export async function benchHnsw(ctx: BenchContext): Promise<{ rows: Row[]; details: { index: HnswRun; large: HnswRun } }> {
  // The large run in a fresh process, so its RSS delta is the index's alone (not heap freed by earlier work).
  const n = ctx.sizes.hnswLarge;
  const largeQueries = Math.min(ctx.sizes.queries, 200); // exact search at 200k costs ~0.1 s a query
  progress(`hnsw: ${n.toLocaleString('en-US')} synthetic clustered vectors in a child process`);
  const child = checkOk(
    runNode(['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'bench', 'child-hnsw.ts'), String(n), String(largeQueries), ctx.dir('hnsw-large')], {
      tmpDir: ctx.tmp,
      inheritStderr: true,
    }),
    'the large HNSW run',
  );
  const large = lastJson<HnswRun>(child, 'the large HNSW run');

  const big = await ctx.bigIndex();
  const reader = PaperIndex.openRead(big.dir);
  const model = reader.requireModel();
  const { matrix } = loadVectorMatrix(reader.db, model.key, model.dims);
  reader.close();
  progress(`hnsw: ${matrix.length / model.dims} vectors of the big index`);
  const index = await measureHnsw(matrix, model.dims, ctx.sizes.queries, ctx.dir('hnsw-index'));

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

