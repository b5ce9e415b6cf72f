import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubthemesOverTimeResult, ThemesOverTimeResult, ThemesOverview } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { writeNestedCorpus, writeSyntheticCorpus, type NestedPaper } from '../helpers/synthetic.js';

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

describe('theme <id> --over-time', () => {
  // 2024, month by month: topic 0 has 16 papers a month, its sub-topic 1 going from 3 of them to 13; topics 1..3
  // have 6 a month, half in each sub-topic; topic 4 has 3 a month, too few (36) to be split.
  const growing = (m: number) => Math.round(16 * (0.2 + (0.6 * m) / 11));
  let nested: string;
  let graph: ThemesOverview['themes'][number];

  beforeAll(async () => {
    nested = join(tmp.path, 'nested');
    const papers: NestedPaper[] = [];
    for (let m = 0; m < 12; m++) {
      const date = `2024-${String(m + 1).padStart(2, '0')}-10`;
      for (let i = 0; i < 16; i++) papers.push({ topic: 0, sub: i < growing(m) ? 1 : 0, date });
      for (let topic = 1; topic < 5; topic++) for (let i = 0; i < (topic === 4 ? 3 : 6); i++) papers.push({ topic, sub: i % 2, date });
    }
    // Two papers of topic 0 without a date.
    papers.push({ topic: 0, sub: 0 }, { topic: 0, sub: 1 });
    const corpus = join(tmp.path, 'nested.jsonl');
    writeNestedCorpus(corpus, papers);
    expect((await runCli(['ingest', corpus, '--index', nested, '--model', TINY_MODEL_ID])).code).toBe(0);
    const overview = json<ThemesOverview>(await runCli(['themes', '--index', nested, '--k', '5', '--json']));
    graph = overview.themes.find((t) => t.keywords.slice(0, 3).some((k) => k.term === 'graph'))!;
  }, 120_000);

  it("gives each sub-theme its share of the theme's papers per month, and marks the one that grew", async () => {
    expect(graph.size).toBe(194);
    expect(graph.subthemes).toHaveLength(2);
    const r = json<SubthemesOverTimeResult>(await runCli(['theme', String(graph.id), '--over-time', '--index', nested, '--json']));
    expect(r.parent).toEqual({ id: graph.id, label: graph.label });
    expect(r.period).toBe('month');
    expect(r.periods).toEqual(Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, '0')}`));
    // The theme's own papers per month, not the collection's.
    expect(r.totals).toEqual(new Array(12).fill(16));
    expect(r.undated).toBe(2);
    expect(r.themes.map((t) => [t.theme, t.index, t.id, t.label])).toEqual(graph.subthemes.map((s) => [graph.id, s.index, s.id, s.label]));
    for (let m = 0; m < 12; m++) expect(r.themes[0].shares[m] + r.themes[1].shares[m]).toBeCloseTo(1, 10);
    // The sub-theme of sub-topic 1 (traffic, roads) follows its papers month by month (within a paper the tiny
    // model puts in the sibling), and grew; the other one shrank.
    const grew = r.themes.find((t) => t.trend === 'grew')!;
    const shrank = r.themes.find((t) => t.id !== grew.id)!;
    const keywords = (id: string) => graph.subthemes.find((s) => s.id === id)!.keywords.slice(0, 6).map((k) => k.term);
    expect(keywords(grew.id)).toContain('traffic');
    expect(keywords(shrank.id)).toContain('social');
    grew.counts.forEach((c, m) => expect(Math.abs(c - growing(m))).toBeLessThanOrEqual(1));
    expect(grew.before).toBeLessThan(0.4);
    expect(grew.after).toBeGreaterThan(0.6);
    expect(grew.z).toBeGreaterThan(2);
    expect(shrank.trend).toBe('shrank');
  });

  it('prints a sparkline per sub-theme with its share before and over the last year', async () => {
    const r = await runCli(['theme', String(graph.id), '--over-time', '--index', nested]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`sub-theme shares of theme [${graph.id}] ${graph.label} per month, 2024-01 .. 2024-12 (192 papers with a date`);
    expect(r.stdout).toMatch(new RegExp(`theme ${graph.id}'s papers per month: [▁▂▃▄▅▆▇█]{12} {2}16 16 16`));
    expect(r.stdout).toMatch(/share 2024-01\.\.2024-06 -> 2024-07\.\.2024-12/);
    const lines = r.stdout.split('\n').filter((l) => /^\[\d+\.\d+\] /.test(l));
    expect(lines.map((l) => l.slice(1, l.indexOf(']')))).toEqual(graph.subthemes.map((s) => s.id));
    for (const l of lines) expect(l).toMatch(/ [▁▂▃▄▅▆▇█]{12} +\d+\.\d% -> +\d+\.\d%  (▲ grew|▼ shrank)$/);
    expect(r.stderr).toMatch(/note: 2 papers without a date \(or with only a year\) left out of the shares/);
  });

  it('a sub-theme id or a theme without sub-themes is one line saying what to ask instead', async () => {
    const sub = await runCli(['theme', `${graph.id}.1`, '--over-time', '--index', nested]);
    expect(sub.code).toBe(1);
    expect(sub.stderr).toMatch(new RegExp(`--over-time charts a theme's sub-themes, and ${graph.id}\\.1 is a sub-theme`));
    expect(sub.stderr).toContain(`paperscope theme ${graph.id} --over-time`);
    // Topic 4 (robots), 36 papers: too small to split.
    const small = json<ThemesOverview>(await runCli(['themes', '--index', nested, '--json'])).themes.find((t) => t.keywords.slice(0, 3).some((k) => k.term === 'robot'))!;
    expect(small.subthemes).toEqual([]);
    const r = await runCli(['theme', String(small.id), '--over-time', '--index', nested]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`theme ${small.id} has no sub-themes: only themes of 40 papers or more are split, and it has ${small.size}`));
  });
});
