/**
 * Above 2,000 papers a helper thread searches for neighbours beside the main one. The report must be the
 * same as with one thread: the same neighbours, in the same order, with the same similarities.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { PROJECT_ROOT, TEST_MODELS_DIR, TINY_MODEL_ID } from '../helpers/paths.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

const PAPERS = 2300;
let tmp: ReturnType<typeof tempDir>;
let index: string;

beforeAll(async () => {
  tmp = tempDir('paperscope-parallel-');
  const corpus = join(tmp.path, 'corpus.jsonl');
  writeSyntheticCorpus(corpus, PAPERS, 3);
  index = join(tmp.path, 'index');
  const r = await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID]);
  expect(r.code, r.stderr).toBe(0);
  // Themes first, so both reports below only read the index.
  expect((await runCli(['themes', '--index', index, '--k', '5'])).code).toBe(0);
}, 180_000);
afterAll(() => tmp?.cleanup());

const report = async (env: Record<string, string> = {}) =>
  json<ReportModel>(await runCli(['report', '--index', index, '--format', 'json', '--out', '-', '--neighbors', '8'], { env, spawn: true })); // the helper thread runs the compiled worker

describe.skipIf(availableParallelism() < 2)('neighbours found by two threads', () => {
  it('openIndex({ threads: 1 }) keeps the report to one thread, as PAPERSCOPE_THREADS=1 does', async () => {
    // The built library, as a package user gets it: the helper thread runs the compiled worker.
    const { openIndex } = (await import(pathToFileURL(join(PROJECT_ROOT, 'dist', 'api.js')).href)) as typeof import('../../src/api.js');
    const threadsOf = async (threads?: number) => {
      const ps = openIndex({ dir: index, modelsDir: TEST_MODELS_DIR, offline: true, threads });
      try {
        return (await ps.report({ format: 'json', neighbors: 8 })).model.meta.neighbors.threads;
      } finally {
        await ps.close();
      }
    };
    expect(await threadsOf(1)).toBe(1);
    expect(await threadsOf()).toBe(2);
  }, 120_000);

  it('are exactly those one thread finds', async () => {
    const [two, one] = [await report(), await report({ PAPERSCOPE_THREADS: '1' })];
    expect(two.meta.neighbors).toMatchObject({ method: 'hnsw', threads: 2 });
    expect(one.meta.neighbors).toMatchObject({ method: 'hnsw', threads: 1 });
    expect(two.papers).toHaveLength(PAPERS);
    // Every paper has its neighbours (no chunk of rows was left out), and they match one thread's.
    expect(two.papers.every((p) => p.neighbors.length === 8)).toBe(true);
    expect(two.papers.map((p) => p.neighbors)).toEqual(one.papers.map((p) => p.neighbors));
    expect(two.meta.counts.duplicatePairs).toBe(one.meta.counts.duplicatePairs);
  }, 120_000);
});
