import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThemesOverTimeResult } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

let tmp: ReturnType<typeof tempDir>;
let index: string;

beforeAll(async () => {
  tmp = tempDir();
  index = join(tmp.path, 'index');
  const corpus = join(tmp.path, 'corpus.jsonl');
  writeSyntheticCorpus(corpus, 200);
  // Seven papers lose their date, three keep only the year.
  const lines = readFileSync(corpus, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  lines.slice(0, 7).forEach((p) => delete p.date);
  lines.slice(7, 10).forEach((p) => (p.date = String(p.date).slice(0, 4)));
  writeFileSync(corpus, `${lines.map((p) => JSON.stringify(p)).join('\n')}\n`);
  expect((await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID])).code).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('themes --over-time', () => {
  it('gives each theme its share of each month, counting the papers without a month', async () => {
    const r = json<ThemesOverTimeResult>(await runCli(['themes', '--over-time', '--index', index, '--k', '5', '--json']));
    // The synthetic dates run from 2020-01 to 2024-09: under five years, so by month.
    expect(r.period).toBe('month');
    expect(r.periods[0]).toBe('2020-01');
    expect(r.periods.at(-1)).toBe('2024-09');
    expect(r.undated).toBe(10);
    expect(r.totals.reduce((a, b) => a + b, 0)).toBe(190);
    expect(r.themes).toHaveLength(5);
    for (let p = 0; p < r.periods.length; p++) {
      const sum = r.themes.reduce((s, t) => s + t.shares[p], 0);
      if (r.totals[p] > 0) expect(sum).toBeCloseTo(1, 6);
    }
    expect(r.themes.every((t) => t.label.length > 0 && t.counts.length === r.periods.length)).toBe(true);
  });

  it('prints a sparkline per theme with its share before and over the last year, and says what it left out', async () => {
    const r = await runCli(['themes', '--over-time', '--index', index]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/theme shares per month, 2020-01 \.\. 2024-09 \(190 papers with a date/);
    expect(r.stdout).toMatch(/share 2023-10\.\.2024-03 -> 2024-04\.\.2024-09/);
    const lines = r.stdout.split('\n').filter((l) => /^\[ ?\d+\] /.test(l));
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(/ [▁▂▃▄▅▆▇█]{57} +\d+\.\d% -> +\d+\.\d%/);
    expect(r.stderr).toMatch(/note: 10 papers without a date \(or with only a year\) left out of the shares/);
  });

  it('on an index without themes it computes them first, like themes', async () => {
    const fresh = join(tmp.path, 'fresh');
    expect((await runCli(['ingest', join(tmp.path, 'corpus.jsonl'), '--index', fresh, '--model', TINY_MODEL_ID])).code).toBe(0);
    const r = json<ThemesOverTimeResult>(await runCli(['themes', '--over-time', '--index', fresh, '--json']));
    expect(r.themes.length).toBeGreaterThan(1);
  });
});
