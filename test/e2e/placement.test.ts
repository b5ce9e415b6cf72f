import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexInfo, IngestSummary, SearchResponse, ThemeDetail, ThemesOverview } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

let tmp: ReturnType<typeof tempDir>;
let index: string;
let fitted: ThemesOverview;
let added: IngestSummary;

beforeAll(async () => {
  tmp = tempDir();
  index = join(tmp.path, 'index');
  const first = join(tmp.path, 'first.jsonl');
  const later = join(tmp.path, 'later.jsonl');
  writeSyntheticCorpus(first, 250, 1);
  // Another seed gives other papers (ids 2501.10000.. again, so renamed below) on the same five topics.
  writeSyntheticCorpus(later, 20, 2);
  const { readFileSync, writeFileSync } = await import('node:fs');
  writeFileSync(later, readFileSync(later, 'utf8').replace(/"id":"2501\.1/g, '"id":"2502.1'));
  expect((await runCli(['ingest', first, '--index', index, '--model', TINY_MODEL_ID])).code).toBe(0);
  fitted = json<ThemesOverview>(await runCli(['themes', '--index', index, '--k', '5', '--json']));
  added = json<IngestSummary>(await runCli(['ingest', later, '--index', index, '--json']));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('papers ingested after themes', () => {
  it('are placed in their nearest theme at once, marked as placed, not fitted', async () => {
    expect(added.new).toBe(20);
    expect(added.placedInThemes).toBe(20);
    const now = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    expect(now.computedAt).toBe(fitted.computedAt); // not refitted
    expect(now.assigned).toBe(20);
    expect(now.members).toBe(270);
    expect(now.themes.reduce((n, t) => n + t.size, 0)).toBe(270);
    expect(now.themes.reduce((n, t) => n + t.assigned, 0)).toBe(20);
    for (const t of now.themes) {
      expect(t.subthemes.reduce((n, s) => n + s.size, 0)).toBe(t.subthemes.length ? t.size : 0);
    }
  });

  it('theme, search --theme and the sub-themes include them', async () => {
    const now = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    const t = now.themes.find((x) => x.assigned > 0 && x.subthemes.length > 0)!;
    const detail = json<ThemeDetail>(await runCli(['theme', String(t.id), '--index', index, '--json', '--limit', '500']));
    const placed = detail.papers.filter((p) => p.assigned);
    expect(placed).toHaveLength(t.assigned);
    expect(placed.every((p) => p.id.startsWith('2502.') && p.subtheme?.startsWith(`${t.id}.`))).toBe(true);
    const hits = json<SearchResponse>(await runCli(['search', 'study', '--mode', 'lexical', '--theme', String(t.id), '-k', '500', '--index', index, '--json'])).hits;
    expect(hits).toHaveLength(t.size);
    const text = await runCli(['theme', String(t.id), '--index', index, '--limit', '500']);
    expect(text.stdout).toContain('placed since the fit');
  });

  it('info and themes say how many were placed, and recommend a refit above 10% of the themed papers', async () => {
    const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
    expect(info.themes).toMatchObject({ members: 270, assigned: 20, refresh: { recommended: false } });
    expect(info.themes?.refresh?.reason).toMatch(/20 papers \(7\.4% of the themed papers\) placed in their nearest theme since the last fit: under 10%/);
    const themes = await runCli(['themes', '--index', index]);
    expect(themes.stderr).toMatch(/note: 20 papers .* under 10%, the themes still hold/);
    expect(themes.stderr).not.toMatch(/--refresh/);
    // Ten more: 30 of 280, over 10%.
    const more = join(tmp.path, 'more.jsonl');
    writeSyntheticCorpus(more, 10, 3);
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(more, readFileSync(more, 'utf8').replace(/"id":"2501\.1/g, '"id":"2503.1'));
    expect(json<IngestSummary>(await runCli(['ingest', more, '--index', index, '--json'])).placedInThemes).toBe(10);
    const after = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
    expect(after.themes?.refresh).toMatchObject({ recommended: true });
    expect((await runCli(['info', '--index', index])).stdout).toMatch(/over 10%, a refit may change the themes: run paperscope themes --refresh/);
  });

  it('themes --refresh fits them in, and keeps the ids of the themes that stayed the same', async () => {
    const before = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    const refreshed = json<ThemesOverview>(await runCli(['themes', '--index', index, '--refresh', '--json']));
    expect(refreshed.assigned).toBe(0);
    expect(refreshed.refresh).toBeUndefined();
    expect(refreshed.refit).toMatchObject({ previousThemes: 5, kept: 5 });
    // Same five topics: every theme keeps its id, and most of its papers.
    for (const t of refreshed.themes) {
      const old = before.themes.find((x) => x.id === t.id)!;
      expect(Math.abs(t.size - old.size)).toBeLessThanOrEqual(Math.ceil(old.size * 0.1));
      expect(t.keywords.slice(0, 3).map((k) => k.term)).toEqual(expect.arrayContaining([old.keywords[0].term]));
    }
    const text = await runCli(['themes', '--index', index, '--refresh']);
    expect(text.stdout).toMatch(/refit: 5 of the 5 previous themes kept their id/);
  });

  it('a paper whose text changes is placed again from its new text', async () => {
    const overview = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    const edited = join(tmp.path, 'edited.jsonl');
    const { writeFileSync } = await import('node:fs');
    // 2502.10000 was about topic 0 (graph networks); now it is about speech.
    const speech = 'speech audio recognition acoustic streaming noise speaker word '.repeat(12);
    writeFileSync(edited, `${JSON.stringify({ id: '2502.10000', title: 'Study of speech audio recognition', abstract: speech })}\n`);
    const r = json<IngestSummary>(await runCli(['ingest', edited, '--index', index, '--json']));
    expect(r.updated).toBe(1);
    expect(r.placedInThemes).toBe(1);
    const speechTheme = overview.themes.find((t) => t.keywords.some((k) => k.term === 'speech'))!;
    const hits = json<SearchResponse>(await runCli(['search', 'speech', '--mode', 'lexical', '--theme', String(speechTheme.id), '-k', '500', '--index', index, '--json'])).hits;
    expect(hits.some((h) => h.id === '2502.10000')).toBe(true);
  });
});
