/**
 * `paperscope copy` between a local index and a PostgreSQL one, both ways: everything arrives (papers,
 * names, vectors, themes), nothing is embedded (no model is even available), and a copy killed midway
 * finishes when run again, writing only what was missing.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopySummary, IndexInfo, IngestSummary, SearchResponse, SimilarResponse, ThemesOverview } from '../../src/api.js';
import { collect, json, runCli, startCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, SAMPLE_CORPUS, TINY_MODEL_ID } from '../helpers/paths.js';
import { freshDatabase, hasPostgres, psql } from '../helpers/postgres.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

let tmp: ReturnType<typeof tempDir>;
let local: string;
/** No model in this folder: a copy that tried to embed would fail. */
let noModels: Record<string, string>;

beforeAll(async () => {
  if (!hasPostgres) return;
  tmp = tempDir();
  local = join(tmp.path, 'local');
  noModels = { PAPERSCOPE_MODELS: join(tmp.path, 'no-models') };
  expect((await runCli(['ingest', SAMPLE_CORPUS, join(FIXTURES, 'papers', 'small.jsonl'), '--index', local, '--model', TINY_MODEL_ID])).code).toBe(0);
  expect((await runCli(['themes', '--index', local, '--k', '3'])).code).toBe(0);
});
afterAll(() => tmp?.cleanup());

const dense = async (index: string, query: string) => json<SearchResponse>(await runCli(['search', query, '--mode', 'dense', '-k', '8', '--index', index, '--json'])).hits.map((h) => h.id);

describe.runIf(hasPostgres)('paperscope copy', () => {
  it('local -> server -> local carries papers, vectors and themes, embedding nothing', async () => {
    const server = await freshDatabase('copy');
    const r = await runCli(['copy', local, server, '--json'], { env: noModels });
    expect(r.code, r.stderr).toBe(0);
    expect(json<CopySummary>(r)).toMatchObject({ copied: 30, unchanged: 0, vectors: 30, themes: 3, papersInTarget: 30 });
    const back = join(tmp.path, 'back');
    const r2 = await runCli(['copy', server, back, '--json'], { env: noModels });
    expect(r2.code, r2.stderr).toBe(0);
    expect(json<CopySummary>(r2)).toMatchObject({ copied: 30, vectors: 30, themes: 3, papersInTarget: 30 });

    for (const index of [server, back]) {
      const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
      expect(info).toMatchObject({ papers: 30, model: { id: TINY_MODEL_ID, dims: 32 }, cachedEmbeddings: 30, themes: { count: 3, stale: false } });
      // Search needs the model to embed the query, so it runs with the test model here.
      for (const q of ['memory management for LLM serving', 'protein design']) expect(await dense(index, q)).toEqual(await dense(local, q));
      const like = json<SimilarResponse>(await runCli(['similar', 'arXiv:2401.00002v1', '--index', index, '--json'], { env: noModels }));
      expect(like.hits.length).toBeGreaterThan(0);
      const [a, b] = await Promise.all([runCli(['themes', '--index', index, '--json']), runCli(['themes', '--index', local, '--json'])]);
      const [ta, tb] = [json<ThemesOverview>(a), json<ThemesOverview>(b)];
      expect(ta.themes.map((t) => [t.id, t.label, t.size, t.representatives.map((p) => p.id)])).toEqual(tb.themes.map((t) => [t.id, t.label, t.size, t.representatives.map((p) => p.id)]));
      const [ma, mb] = await Promise.all([runCli(['theme', '1', '--index', index, '--json']), runCli(['theme', '1', '--index', local, '--json'])]);
      expect(json<{ papers: { id: string }[] }>(ma).papers.map((p) => p.id)).toEqual(json<{ papers: { id: string }[] }>(mb).papers.map((p) => p.id));
    }
    // Again: nothing to do.
    expect(json<CopySummary>(await runCli(['copy', local, server, '--json'], { env: noModels }))).toMatchObject({ copied: 0, unchanged: 30, vectors: 0 });
  });

  it('a copy killed midway finishes when run again, writing only what is missing', async () => {
    const big = join(tmp.path, 'big');
    const file = join(tmp.path, 'big.jsonl');
    writeSyntheticCorpus(file, 1100);
    expect((await runCli(['ingest', file, '--index', big, '--model', TINY_MODEL_ID])).code).toBe(0);
    const server = await freshDatabase('resume');
    const name = server.slice(server.indexOf('@/') + 2, server.indexOf('?'));
    const child = startCli(['copy', big, server], { env: noModels });
    const done = collect(child);
    for (let i = 0; i < 400; i++) {
      if (Number(await psql('SELECT count(*) FROM paperscope.papers', name).catch(() => '0')) >= 500) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await done;
    const kept = Number(await psql('SELECT count(*) FROM paperscope.papers', name));
    expect(kept).toBeGreaterThanOrEqual(500);
    expect(kept).toBeLessThan(1100);
    const r = json<CopySummary>(await runCli(['copy', big, server, '--json'], { env: noModels }));
    expect(r).toMatchObject({ copied: 1100 - kept, unchanged: kept, papersInTarget: 1100 });
    expect(await psql('SELECT count(*), count(DISTINCT id), count(vector) FROM paperscope.papers', name)).toBe('1100|1100|1100');
  }, 240_000);

  it("carries the cached vectors of removed papers, so re-ingesting them on the target embeds nothing", async () => {
    const source = join(tmp.path, 'with-removed');
    const small = join(FIXTURES, 'papers', 'small.jsonl');
    expect((await runCli(['ingest', SAMPLE_CORPUS, small, '--index', source, '--model', TINY_MODEL_ID])).code).toBe(0);
    expect((await runCli(['remove', '2401.00002', '2401.00003', '--index', source])).code).toBe(0);
    for (const target of [await freshDatabase('removed'), join(tmp.path, 'removed-back')]) {
      const r = json<CopySummary>(await runCli(['copy', source, target, '--json'], { env: noModels }));
      expect(r).toMatchObject({ copied: 28, papersInTarget: 28, vectors: 30 });
      expect(json<IndexInfo>(await runCli(['info', '--index', target, '--json']))).toMatchObject({ papers: 28, cachedEmbeddings: 30 });
      const again = json<IngestSummary>(await runCli(['ingest', small, '--index', target, '--json'], { env: noModels }));
      expect(again).toMatchObject({ new: 2, embedded: 0, papersInIndex: 30 });
    }
  });

  it('refuses to copy into an index built with another model, and a bad argument count', async () => {
    const server = await freshDatabase('other');
    await runCli(['ingest', join(FIXTURES, 'papers', 'small.jsonl'), '--index', `${server}`, '--model', TINY_MODEL_ID]);
    await psql(`UPDATE paperscope.meta SET value = 'someone/else' WHERE key = 'model_id'`, server.slice(server.indexOf('@/') + 2, server.indexOf('?')));
    const r = await runCli(['copy', local, server]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was built with someone\/else/);
    expect((await runCli(['copy', local])).code).toBe(2);
  });
});
