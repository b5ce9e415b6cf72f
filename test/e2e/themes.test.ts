import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexInfo, SearchResponse, ThemesOverview } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, SAMPLE_CORPUS, TINY_MODEL_ID } from '../helpers/paths.js';

let tmp: ReturnType<typeof tempDir>;
let index: string;

beforeAll(async () => {
  tmp = tempDir();
  index = join(tmp.path, 'index');
  const r = await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_MODEL_ID]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('themes', () => {
  it('computes themes once, shows the k scores compared, and reads them back identically', async () => {
    const first = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    expect(first.chosenBy).toBe('silhouette');
    expect(first.kScores.length).toBeGreaterThan(0);
    expect(first.themes.reduce((n, t) => n + t.size, 0)).toBe(26); // every paper in exactly one theme
    const sizes = first.themes.map((t) => t.size);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes); // largest first
    for (const t of first.themes) {
      expect(t.label.length).toBeGreaterThan(0);
      expect(t.representatives.length).toBeGreaterThan(0);
    }
    const second = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    expect(second.themes).toEqual(first.themes);
    const text = await runCli(['themes', '--index', index]);
    expect(text.stdout).toMatch(/silhouette by k: /);
  });

  it('the same data and seed give the same themes when recomputed', async () => {
    const a = json<ThemesOverview>(await runCli(['themes', '--index', index, '--refresh', '--json']));
    const b = json<ThemesOverview>(await runCli(['themes', '--index', index, '--refresh', '--json']));
    expect(b.themes.map((t) => [t.label, t.size])).toEqual(a.themes.map((t) => [t.label, t.size]));
  });

  it('--k gives exactly k themes; bad k values are clear errors', async () => {
    const three = json<ThemesOverview>(await runCli(['themes', '--index', index, '--k', '3', '--json']));
    expect(three.themes).toHaveLength(3);
    expect(three.chosenBy).toBe('user');
    const zero = await runCli(['themes', '--index', index, '--k', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/option '--k <n>' argument '0' is invalid\. Expected a whole number above 0/);
    const tooMany = await runCli(['themes', '--index', index, '--k', '100']);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/100 themes from 26 papers/);
    const range = await runCli(['themes', '--index', index, '--k-range', '9..3']);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/option '--k-range <a\.\.b>' argument '9\.\.3' is invalid\. Expected a range a\.\.b of whole numbers, 1 <= a <= b/);
  });

  it('theme <id> lists its papers nearest first; search --theme filters by it', async () => {
    const overview = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    const t0 = overview.themes[0];
    const detail = json<{ papers: { id: string; similarity: number }[] }>(await runCli(['theme', '0', '--index', index, '--json']));
    expect(detail.papers).toHaveLength(t0.size);
    const sims = detail.papers.map((p) => p.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    const hits = json<SearchResponse>(await runCli(['search', 'learning', '--index', index, '--theme', '0', '-k', '50', '--json'])).hits;
    expect(hits).toHaveLength(t0.size);
    expect(hits.every((h) => h.theme?.id === 0)).toBe(true);
    const missing = await runCli(['theme', '99', '--index', index]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no theme 99/);
  });

  it('after an ingest, info and themes say the themes are stale; --refresh recomputes', async () => {
    const dir = tempDir();
    try {
      const idx = join(dir.path, 'ix');
      await runCli(['ingest', SAMPLE_CORPUS, '--index', idx, '--model', TINY_MODEL_ID]);
      await runCli(['themes', '--index', idx]);
      expect(json<IndexInfo>(await runCli(['info', '--index', idx, '--json'])).themes?.stale).toBe(false);
      await runCli(['ingest', join(FIXTURES, 'papers', 'small.jsonl'), '--index', idx]);
      expect(json<IndexInfo>(await runCli(['info', '--index', idx, '--json'])).themes?.stale).toBe(true);
      const stale = await runCli(['themes', '--index', idx]);
      expect(stale.stderr).toMatch(/themes --refresh/);
      const fresh = json<ThemesOverview>(await runCli(['themes', '--index', idx, '--refresh', '--json']));
      expect(fresh.stale).toBe(false);
      expect(fresh.papers).toBe(30);
    } finally {
      dir.cleanup();
    }
  });

  it('themes on an index with no papers is a clear error', async () => {
    const r = await runCli(['themes', '--index', join(tmp.path, 'empty')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no index at .*paperscope ingest/s);
  });
});
