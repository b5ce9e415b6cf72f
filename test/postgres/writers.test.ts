/**
 * Many writers on one PostgreSQL index, each in a process of its own (as on several machines): three ingest
 * workers on overlapping files, again and again, some killed with kill -9 mid-run and run again. Checked
 * in the database itself: every paper stored once, every file's record of it merged in (no update lost),
 * no text embedded twice while nobody dies, nothing another worker committed lost to a kill.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary } from '../../src/api.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';
import { PROJECT_ROOT, TEST_MODELS_DIR, TINY_MODEL_ID } from '../helpers/paths.js';
import { freshDatabase, hasPostgres, psql } from '../helpers/postgres.js';

const TRIALS = Number(process.env.PAPERSCOPE_WRITER_TRIALS ?? 10);
const PAPERS = 60;
const WINDOW = 6;
const WORKER = join(PROJECT_ROOT, 'test', 'postgres', 'ingest-worker.mjs');

let tmp: ReturnType<typeof tempDir>;
let db: string;
let dbName: string;

beforeAll(async () => {
  if (!hasPostgres) return;
  tmp = tempDir();
  db = await freshDatabase('writers');
  dbName = db.slice(db.indexOf('@/') + 2, db.indexOf('?'));
});
afterAll(() => tmp?.cleanup());

/** Papers 0..59 in three files, each paper in two of them (A: 0-39, B: 20-59, C: 0-19 and 40-59), shuffled per trial. */
function writeFiles(trial: number): string[] {
  let s = trial + 1;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const paper = (i: number) => ({
    id: `2502.${String(10000 + i)}`,
    title: `Trial ${trial} paper ${i} on ${['graphs', 'proteins', 'robots'][i % 3]}`,
    abstract: `Abstract ${i} of trial ${trial}: ${'words about the topic '.repeat(3 + (i % 5))}`,
    authors: [`Author ${i % 7}`],
    categories: ['cs.LG'],
    date: '2025-02-01',
  });
  const third = PAPERS / 3;
  const span = (from: number, to: number) => [...Array(to - from).keys()].map((i) => i + from);
  const ranges = [span(0, 2 * third), span(third, PAPERS), [...span(0, third), ...span(2 * third, PAPERS)]];
  return ranges.map((range, f) => {
    const order = [...range].sort(() => rand() - 0.5);
    const file = join(tmp.path, `t${trial}-${'ABC'[f]}.jsonl`);
    writeFileSync(file, order.map((i) => JSON.stringify(paper(i))).join('\n') + '\n');
    return file;
  });
}

function startWorker(index: string, file: string): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; summary?: IngestSummary; stderr: string }>; kill: () => void } {
  const child = spawn(process.execPath, [WORKER, index, String(WINDOW), TEST_MODELS_DIR, TINY_MODEL_ID, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; summary?: IngestSummary; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr, summary: code === 0 ? (JSON.parse(stdout) as IngestSummary) : undefined })),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

/** What is really stored in this trial's schema, read with psql. */
async function stored(schema: string): Promise<{ papers: number; ids: number; sources: Map<string, string[]>; vectors: number }> {
  const rows = await psql(`SELECT id, doc::json->'sources' FROM ${schema}.papers ORDER BY id`, dbName);
  const sources = new Map<string, string[]>();
  for (const line of rows ? rows.split('\n') : []) {
    const [id, json] = line.split('|');
    sources.set(id, (JSON.parse(json) as { file: string }[]).map((s) => s.file.slice(s.file.lastIndexOf('-') + 1)).sort());
  }
  const [papers, ids, vectors] = (await psql(`SELECT count(*), count(DISTINCT id), count(vector) FROM ${schema}.papers`, dbName)).split('|').map(Number);
  return { papers, ids, sources, vectors };
}

/** The two files each paper is in. */
const expectedFiles = (i: number) =>
  [i < (2 * PAPERS) / 3 ? 'A.jsonl' : undefined, i >= PAPERS / 3 ? 'B.jsonl' : undefined, i < PAPERS / 3 || i >= (2 * PAPERS) / 3 ? 'C.jsonl' : undefined].filter(Boolean);

async function expectComplete(schema: string): Promise<void> {
  const s = await stored(schema);
  expect(s.papers).toBe(PAPERS);
  expect(s.ids).toBe(PAPERS);
  expect(s.vectors).toBe(PAPERS);
  for (let i = 0; i < PAPERS; i++) expect(s.sources.get(`2502.${10000 + i}`), `paper ${i}`).toEqual(expectedFiles(i));
}

describe.runIf(hasPostgres)('three ingest processes on overlapping files', () => {
  it(`store each paper once with every file's record merged in, and embed each text once (${TRIALS} trials)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const schema = `w${trial}`;
      const index = `${db}&schema=${schema}`;
      const workers = writeFiles(trial).map((file) => startWorker(index, file));
      const results = await Promise.all(workers.map((w) => w.done));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      await expectComplete(schema);
      const embedded = results.reduce((n, r) => n + r.summary!.embedded, 0);
      expect(embedded, `trial ${trial}`).toBe(PAPERS);
      expect(results.reduce((n, r) => n + r.summary!.new, 0)).toBe(PAPERS);
    }
  }, 600_000);

  it(`kill -9 of one worker loses nothing the others committed, and its rerun finishes (${TRIALS} trials)`, async () => {
    let killed = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const schema = `k${trial}`;
      const index = `${db}&schema=${schema}`;
      const files = writeFiles(100 + trial);
      const workers = files.map((file) => startWorker(index, file));
      const victim = trial % 3;
      // Killed once some windows are committed (a different moment each trial), or at once in trial 0.
      if (trial > 0) {
        const deadline = Date.now() + 20_000;
        const target = 6 + ((trial * 7) % 30);
        while (Date.now() < deadline && Number((await psql(`SELECT count(*) FROM ${schema}.papers`, dbName).catch(() => '0')) || 0) < target) {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      workers[victim].kill();
      const results = await Promise.all(workers.map((w) => w.done));
      expect(results[victim].signal === 'SIGKILL' || results[victim].code === 0).toBe(true);
      if (results[victim].signal === 'SIGKILL') killed++;
      for (const [i, r] of results.entries()) if (i !== victim) expect(r.code, r.stderr).toBe(0);
      // Everything the survivors ingested is there, merged: each of their files' papers, with that file among its sources.
      const s = await stored(schema);
      expect(s.papers).toBe(s.ids);
      for (const [i, file] of files.entries()) {
        if (i === victim) continue;
        const name = `${'ABC'[i]}.jsonl`;
        for (let p = 0; p < PAPERS; p++) if (expectedFiles(p).includes(name)) expect(s.sources.get(`2502.${10000 + p}`), `trial ${trial}, ${file}`).toContain(name);
      }
      const rerun = await startWorker(index, files[victim]).done;
      expect(rerun.code, rerun.stderr).toBe(0);
      await expectComplete(schema);
    }
    // Most victims die mid-run (one that finished before its moment came is no test of recovery).
    expect(killed).toBeGreaterThanOrEqual(Math.ceil(TRIALS / 2));
  }, 600_000);

  it('a reader sees one snapshot while writers commit', async () => {
    const schema = 'snap';
    const index = `${db}&schema=${schema}`;
    const files = writeFiles(500);
    const first = await startWorker(index, files[0]).done;
    expect(first.code, first.stderr).toBe(0);
    const store = openStore(index, { threads: 1 });
    try {
      const writer = startWorker(index, files[1]);
      const seen = await store.read(async (reader) => {
        const before = await reader.countPapers();
        const labels = (await reader.vectorMatrix()).labels.length;
        await writer.done;
        const { labels: after } = await reader.vectorMatrix();
        return { before, labels, after: await reader.countPapers(), afterLabels: after.length, all: (await reader.allPapers()).length };
      });
      expect(seen).toEqual({ before: 40, labels: 40, after: 40, afterLabels: 40, all: 40 });
      expect(await store.read((reader) => reader.countPapers())).toBe(PAPERS);
    } finally {
      await store.close();
    }
  }, 120_000);
});
