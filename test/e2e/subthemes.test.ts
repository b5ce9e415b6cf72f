import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex, UserError, type ReportModel, type SearchResponse, type ThemeDetail, type ThemesOverview } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { writeNestedCorpus, writeSyntheticCorpus, type NestedPaper } from '../helpers/synthetic.js';

let tmp: ReturnType<typeof tempDir>;
let index: string;
let overview: ThemesOverview;

beforeAll(async () => {
  tmp = tempDir();
  index = join(tmp.path, 'index');
  const corpus = join(tmp.path, 'corpus.jsonl');
  writeSyntheticCorpus(corpus, 300); // five topics of 60 papers: themes large enough to split
  const r = await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID]);
  expect(r.code, r.stderr).toBe(0);
  overview = json<ThemesOverview>(await runCli(['themes', '--index', index, '--k', '5', '--json']));
}, 120_000);
afterAll(() => tmp.cleanup());

const splitTheme = () => overview.themes.find((t) => t.subthemes.length > 0)!;

describe('sub-themes', () => {
  it('themes split every theme of 40+ papers into sub-themes numbered 3.1, 3.2, ... that cover it', () => {
    expect(overview.levels).toBe(2);
    for (const t of overview.themes) {
      expect(t.level).toBe(0);
      if (t.size < 40) {
        expect(t.subthemes).toEqual([]);
        continue;
      }
      expect(t.subthemes.length).toBeGreaterThanOrEqual(2);
      expect(t.subthemes.map((s) => s.id)).toEqual(t.subthemes.map((_, i) => `${t.id}.${i + 1}`));
      expect(t.subthemes.every((s) => s.level === 1 && s.theme === t.id && s.label.length > 0 && s.representatives.length > 0)).toBe(true);
      expect(t.subthemes.reduce((n, s) => n + s.size, 0)).toBe(t.size);
      expect(t.split?.k).toBe(t.subthemes.length);
    }
    expect(splitTheme()).toBeDefined();
  });

  it('the themes listing shows sub-themes under their theme; --depth 1 shows the top level only', async () => {
    const t = splitTheme();
    const full = await runCli(['themes', '--index', index]);
    expect(full.stdout).toContain(`[${t.id}.1] ${t.subthemes[0].label}`);
    const top = await runCli(['themes', '--index', index, '--depth', '1']);
    expect(top.stdout).toContain(`[${t.id}] ${t.label}`);
    expect(top.stdout).not.toMatch(/\[\d+\.\d+\]/);
    const topJson = json<ThemesOverview>(await runCli(['themes', '--index', index, '--depth', '1', '--json']));
    expect(topJson.themes.every((x) => x.subthemes.length === 0)).toBe(true);
    const bad = await runCli(['themes', '--index', index, '--depth', '3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--depth.*Expected a whole number from 1 to 2/);
  });

  it('theme 3 lists its sub-themes before its papers, and marks each paper with its sub-theme', async () => {
    const t = splitTheme();
    const r = await runCli(['theme', String(t.id), '--index', index, '--limit', '5']);
    expect(r.code, r.stderr).toBe(0);
    const subList = r.stdout.indexOf('sub-themes:');
    expect(subList).toBeGreaterThan(0);
    for (const s of t.subthemes) expect(r.stdout.indexOf(`[${s.id}] ${s.label}`)).toBeGreaterThan(subList);
    const firstPaper = r.stdout.search(/\n\d\.\d{3} {2}/);
    expect(firstPaper).toBeGreaterThan(r.stdout.indexOf(`[${t.subthemes.at(-1)!.id}]`));
    const detail = json<ThemeDetail>(await runCli(['theme', String(t.id), '--index', index, '--json', '--limit', '500']));
    expect(detail.papers).toHaveLength(t.size);
    expect(detail.papers.every((p) => t.subthemes.some((s) => s.id === p.subtheme))).toBe(true);
  });

  it('theme 3.1 lists that sub-theme alone, nearest its own centre first, with its sibling sub-themes as neighbours', async () => {
    const t = splitTheme();
    const s = t.subthemes[0];
    const detail = json<ThemeDetail>(await runCli(['theme', s.id, '--index', index, '--json', '--limit', '500']));
    expect(detail.subtheme?.id).toBe(s.id);
    expect(detail.theme.id).toBe(t.id);
    expect(detail.papers).toHaveLength(s.size);
    expect(detail.papers.every((p) => p.subtheme === s.id)).toBe(true);
    const sims = detail.papers.map((p) => p.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    expect(detail.neighbors.map((n) => n.id).sort()).toEqual(t.subthemes.slice(1).map((x) => x.id).slice(0, 3).sort());
    const text = await runCli(['theme', s.id, '--index', index]);
    expect(text.stdout).toMatch(new RegExp(`^\\[${s.id.replace('.', '\\.')}\\] .*\\npart of theme \\[${t.id}\\]`));
  });

  it('search --theme 3.1 keeps that sub-theme only, and hits name their sub-theme', async () => {
    const t = splitTheme();
    const s = t.subthemes[1];
    const hits = json<SearchResponse>(await runCli(['search', 'study', '--mode', 'lexical', '--index', index, '--theme', s.id, '-k', '500', '--json'])).hits;
    expect(hits).toHaveLength(s.size);
    expect(hits.every((h) => h.theme?.id === t.id && h.theme.subtheme?.id === s.id)).toBe(true);
    const whole = json<SearchResponse>(await runCli(['search', 'study', '--mode', 'lexical', '--index', index, '--theme', String(t.id), '-k', '500', '--json'])).hits;
    expect(whole).toHaveLength(t.size);
  });

  it('a sub-theme that does not exist, or a malformed id, is a clear error', async () => {
    const t = splitTheme();
    const missing = await runCli(['theme', `${t.id}.9`, '--index', index]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`no sub-theme ${t.id}\\.9: theme ${t.id} has sub-themes ${t.id}\\.1\\.\\.${t.id}\\.${t.subthemes.length}`));
    const small = overview.themes.find((x) => x.subthemes.length === 0);
    if (small) {
      const r = await runCli(['theme', `${small.id}.1`, '--index', index]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/has no sub-themes: only themes of 40 papers or more are split/);
    }
    for (const bad of ['3.0', 'x', '3.1.2']) {
      const r = await runCli(['theme', bad, '--index', index]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/Expected a theme id \(3\) or a sub-theme id \(3\.1\)/);
    }
    const filter = await runCli(['search', 'study', '--index', index, '--theme', '1.x']);
    expect(filter.code).toBe(2);
  });

  it('the library takes a sub-theme as \'3.1\' or { theme, subtheme }, and says what is wrong with a bad one', async () => {
    const t = splitTheme();
    const ps = openIndex({ dir: index, env: {} });
    try {
      const byText = await ps.theme(`${t.id}.2`);
      const byRef = await ps.theme({ theme: t.id, subtheme: 2 });
      expect(byText.subtheme?.label).toBe(t.subthemes[1].label);
      expect(byRef.papers).toEqual(byText.papers);
      expect((await ps.theme(t.id)).subtheme).toBeUndefined();
      await expect(ps.theme('3.x')).rejects.toThrow(UserError);
      await expect(ps.theme('3.x')).rejects.toThrow(/no theme "3.x": expected a theme id \(3\) or a sub-theme id \(3\.1\)/);
    } finally {
      await ps.close();
    }
  });

  it('the JSON and Markdown reports carry each theme\'s sub-themes and each paper\'s sub-theme', async () => {
    const model = json<ReportModel>(await runCli(['report', '--index', index, '--format', 'json', '--out', '-']));
    const t = splitTheme();
    const rt = model.themes.find((x) => x.id === t.id)!;
    expect(rt.level).toBe(0);
    expect(rt.subthemes.map((s) => [s.id, s.level, s.size])).toEqual(t.subthemes.map((s) => [s.id, 1, s.size]));
    for (const s of rt.subthemes) expect(model.papers.filter((p) => p.subtheme === s.id)).toHaveLength(s.size);
    // Over time: every themed paper is in one period, or counted as undated.
    expect(model.overTime.totals.reduce((a, b) => a + b, 0) + model.overTime.undated).toBe(model.papers.filter((p) => p.theme !== null).length);
    for (const t of model.overTime.themes) expect(t.counts.reduce((a, b) => a + b, 0)).toBe(model.papers.filter((p) => p.theme === t.theme && p.date).length);
    const md = await runCli(['report', '--index', index, '--format', 'md', '--out', '-']);
    expect(md.stdout).toContain(`| ${t.subthemes[0].id} | ↳ `);
  });

  it('the same papers and seed give the same sub-themes when recomputed', async () => {
    const again = json<ThemesOverview>(await runCli(['themes', '--index', index, '--refresh', '--json']));
    expect(again.themes.map((t) => t.subthemes.map((s) => [s.id, s.label, s.size]))).toEqual(overview.themes.map((t) => t.subthemes.map((s) => [s.id, s.label, s.size])));
  });
});

describe('themes --refresh keeps sub-theme ids', () => {
  // Four topics of two sub-topics. Topic 0's sub-topic 1 (traffic) is the smaller at the first fit (36 against
  // 44 papers: sub-theme 2) and the larger after 12 more arrive: the largest-first numbering would swap the two.
  const spec = (counts: number[][]) => counts.flatMap((subs, topic) => subs.flatMap((n, sub) => Array.from({ length: n }, (): NestedPaper => ({ topic, sub }))));
  let nested: string;
  let first: ThemesOverview;

  beforeAll(async () => {
    nested = join(tmp.path, 'nested');
    const corpus = join(tmp.path, 'nested-first.jsonl');
    writeNestedCorpus(corpus, spec([[44, 36], [42, 40], [45, 41], [43, 42]]), { subEvery: 2 });
    expect((await runCli(['ingest', corpus, '--index', nested, '--model', TINY_MODEL_ID])).code).toBe(0);
    first = json<ThemesOverview>(await runCli(['themes', '--index', nested, '--k', '4', '--json']));
    const more = join(tmp.path, 'nested-more.jsonl');
    writeNestedCorpus(more, spec([[0, 12]]), { seed: 2, idPrefix: '2602', subEvery: 2 });
    expect((await runCli(['ingest', more, '--index', nested])).code).toBe(0);
  }, 120_000);

  it("a sub-theme that grew past its sibling keeps its id, and every paper keeps its sub-theme's id", async () => {
    const graph = (o: ThemesOverview) => o.themes.find((t) => t.keywords.slice(0, 3).some((k) => k.term === 'graph'))!;
    const traffic = (t: ThemesOverview['themes'][number]) => t.subthemes.find((s) => s.keywords.slice(0, 6).some((k) => k.term === 'traffic'))!;
    const before = graph(first);
    expect(before.subthemes.map((s) => s.size)).toEqual([44, 36]);
    expect(traffic(before).id).toBe(`${before.id}.2`);
    const papersBefore = json<ThemeDetail>(await runCli(['theme', String(before.id), '--index', nested, '--json', '--limit', '500'])).papers;

    // Another seed too: k-means' own numbering changes, which the ids must not follow.
    const refreshed = json<ThemesOverview>(await runCli(['themes', '--index', nested, '--refresh', '--seed', '9', '--json']));
    expect(refreshed.refit).toEqual({ previousThemes: 4, kept: 4, previousSubthemes: 8, keptSubthemes: 8 });
    const after = graph(refreshed);
    expect(after.id).toBe(before.id);
    expect(after.subthemes.map((s) => [s.id, s.size])).toEqual([[`${after.id}.1`, 44], [`${after.id}.2`, 48]]);
    expect(traffic(after).id).toBe(`${after.id}.2`);
    const papersAfter = new Map(json<ThemeDetail>(await runCli(['theme', String(after.id), '--index', nested, '--json', '--limit', '500'])).papers.map((p) => [p.id, p.subtheme]));
    for (const p of papersBefore) expect(papersAfter.get(p.id), p.id).toBe(p.subtheme);
    expect([...papersAfter].filter(([id, sub]) => id.startsWith('2602.') && sub === `${after.id}.2`)).toHaveLength(12);

    const text = await runCli(['themes', '--index', nested, '--refresh']);
    expect(text.stdout).toMatch(/refit: 4 of the 4 previous themes kept their id, 8 of the 8 previous sub-themes theirs/);
  });
});
