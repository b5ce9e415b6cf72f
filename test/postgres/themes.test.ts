/**
 * Sub-themes, papers placed without a refit, themes over time and `themes --refresh` on a real PostgreSQL,
 * each checked against a local index fed the same files (the two must agree: same vectors, same seed), and
 * the schema step that added them (v2 -> v3) on an index made at v2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopySummary, IndexInfo, IngestSummary, SearchResponse, ThemeDetail, ThemesOverTimeResult, ThemesOverview } from '../../src/api.js';
import { createTables, SCHEMA_VERSION } from '../../src/store/postgres/schema.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { freshDatabase, hasPostgres, psql } from '../helpers/postgres.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

let tmp: ReturnType<typeof tempDir>;
let url: string;
let local: string;
let database: string;
/** The same theme run on both indexes. */
let fitted: { server: ThemesOverview; local: ThemesOverview };

/** `count` synthetic papers of `seed` with ids renamed to `prefix` (each seed starts at 2501.10000). */
function corpus(name: string, count: number, seed: number, prefix: string): string {
  const file = join(tmp.path, `${name}.jsonl`);
  writeSyntheticCorpus(file, count, seed);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/"id":"2501\.1/g, `"id":"${prefix}.1`));
  return file;
}

const both = () => [url, local];
const themesOf = async (index: string, ...args: string[]) => {
  const r = await runCli(['themes', '--index', index, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return json<ThemesOverview>(r);
};
/** What must agree between the two indexes: ids, labels, sizes, placed counts and sub-themes. */
const shape = (o: ThemesOverview) =>
  o.themes.map((t) => [t.id, t.label, t.size, t.assigned, t.far, t.subthemes.map((s) => [s.id, s.label, s.size, s.representatives.map((p) => p.id)])]);

beforeAll(async () => {
  if (!hasPostgres) return;
  tmp = tempDir();
  local = join(tmp.path, 'local');
  url = await freshDatabase('themes');
  database = url.slice(url.indexOf('@/') + 2, url.indexOf('?'));
  const first = corpus('first', 250, 1, '2501');
  for (const index of both()) expect((await runCli(['ingest', first, '--index', index, '--model', TINY_MODEL_ID])).code).toBe(0);
  const [server, mine] = await Promise.all(both().map((index) => themesOf(index, '--k', '5')));
  fitted = { server, local: mine };
}, 300_000);
afterAll(() => tmp?.cleanup());

describe.runIf(hasPostgres)('themes on PostgreSQL', () => {
  it('splits themes of 40+ papers into sub-themes, stored in the new tables, as the local index does', async () => {
    const { server } = fitted;
    expect(server.levels).toBe(2);
    expect(shape(server)).toEqual(shape(fitted.local));
    const split = server.themes.filter((t) => t.subthemes.length > 0);
    expect(split.length).toBeGreaterThan(0);
    for (const t of split) {
      expect(t.subthemes.reduce((n, s) => n + s.size, 0)).toBe(t.size);
      expect(t.split?.k).toBe(t.subthemes.length);
      expect(t.farBelow).toBeGreaterThan(0);
    }
    const stored = await psql(`SELECT count(*) FROM paperscope.subthemes`, database);
    expect(Number(stored)).toBe(split.reduce((n, t) => n + t.subthemes.length, 0));
    expect(Number(await psql(`SELECT count(*) FROM paperscope.theme_members WHERE subtheme_id IS NOT NULL`, database))).toBe(split.reduce((n, t) => n + t.size, 0));
  });

  it('theme 3.1 lists that sub-theme nearest its own centre first; search --theme 3.1 keeps it alone', async () => {
    const t = fitted.server.themes.find((x) => x.subthemes.length > 0)!;
    const s = t.subthemes[0];
    const [server, mine] = await Promise.all(both().map(async (index) => json<ThemeDetail>(await runCli(['theme', s.id, '--index', index, '--json', '--limit', '500']))));
    expect(server.subtheme?.id).toBe(s.id);
    expect(server.papers).toHaveLength(s.size);
    expect(server.papers.every((p) => p.subtheme === s.id)).toBe(true);
    const sims = server.papers.map((p) => p.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    expect(server.papers.map((p) => p.id)).toEqual(mine.papers.map((p) => p.id));
    expect(server.neighbors.map((n) => n.id)).toEqual(mine.neighbors.map((n) => n.id));

    const s2 = t.subthemes[1];
    const hits = json<SearchResponse>(await runCli(['search', 'study', '--mode', 'lexical', '--index', url, '--theme', s2.id, '-k', '500', '--json'])).hits;
    expect(hits).toHaveLength(s2.size);
    expect(hits.every((h) => h.theme?.id === t.id && h.theme.subtheme?.id === s2.id)).toBe(true);
    const dense = json<SearchResponse>(await runCli(['search', 'graph networks', '--mode', 'dense', '--index', url, '--theme', s2.id, '-k', '5', '--json'])).hits;
    expect(dense.every((h) => h.theme?.subtheme?.id === s2.id)).toBe(true);
  });

  it('themes --over-time reads every themed paper\'s date from the server', async () => {
    const [server, mine] = await Promise.all(
      both().map(async (index) => json<ThemesOverTimeResult>(await runCli(['themes', '--over-time', '--index', index, '--json']))),
    );
    expect(server.totals.reduce((a, b) => a + b, 0) + server.undated).toBe(250);
    expect({ ...server, computedAt: mine.computedAt }).toEqual(mine); // the two themes runs differ only in when
  });

  it('papers ingested after themes are placed in their nearest theme and sub-theme at once, marked assigned', async () => {
    const later = corpus('later', 20, 2, '2502');
    for (const index of both()) {
      const added = json<IngestSummary>(await runCli(['ingest', later, '--index', index, '--json']));
      expect(added).toMatchObject({ new: 20, placedInThemes: 20 });
    }
    const [server, mine] = await Promise.all(both().map((index) => themesOf(index)));
    expect(server.computedAt).toBe(fitted.server.computedAt); // not refitted
    expect(server).toMatchObject({ members: 270, assigned: 20 });
    expect(shape(server)).toEqual(shape(mine));
    expect(Number(await psql(`SELECT count(*) FROM paperscope.theme_members WHERE assigned`, database))).toBe(20);

    const t = server.themes.find((x) => x.assigned > 0 && x.subthemes.length > 0)!;
    const detail = json<ThemeDetail>(await runCli(['theme', String(t.id), '--index', url, '--json', '--limit', '500']));
    const placed = detail.papers.filter((p) => p.assigned);
    expect(placed).toHaveLength(t.assigned);
    expect(placed.every((p) => p.id.startsWith('2502.') && p.subtheme?.startsWith(`${t.id}.`))).toBe(true);
    const hits = json<SearchResponse>(await runCli(['search', 'study', '--mode', 'lexical', '--theme', String(t.id), '-k', '500', '--index', url, '--json'])).hits;
    expect(hits).toHaveLength(t.size);

    const info = json<IndexInfo>(await runCli(['info', '--index', url, '--json']));
    expect(info.themes).toMatchObject({ members: 270, assigned: 20, refresh: { recommended: false } });
    const { members, assigned, far, refresh } = json<IndexInfo>(await runCli(['info', '--index', local, '--json'])).themes!;
    expect(info.themes).toMatchObject({ members, assigned, far, refresh });
  });

  it('a paper whose text changes loses its theme and is placed again from its new text', async () => {
    const edited = join(tmp.path, 'edited.jsonl');
    const speech = 'speech audio recognition acoustic streaming noise speaker word '.repeat(12);
    writeFileSync(edited, `${JSON.stringify({ id: '2502.10000', title: 'Study of speech audio recognition', abstract: speech })}\n`);
    for (const index of both()) expect(json<IngestSummary>(await runCli(['ingest', edited, '--index', index, '--json']))).toMatchObject({ updated: 1, placedInThemes: 1 });
    const speechTheme = fitted.server.themes.find((t) => t.keywords.some((k) => k.term === 'speech'))!;
    const hits = json<SearchResponse>(await runCli(['search', 'speech', '--mode', 'lexical', '--theme', String(speechTheme.id), '-k', '500', '--index', url, '--json'])).hits;
    expect(hits.some((h) => h.id === '2502.10000')).toBe(true);
    const [server, mine] = await Promise.all(both().map((index) => themesOf(index)));
    expect(shape(server)).toEqual(shape(mine));
  });

  it('copy carries sub-themes, far-below and the placed papers, both ways', async () => {
    const back = join(tmp.path, 'back');
    const r = await runCli(['copy', url, back, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<CopySummary>(r)).toMatchObject({ copied: 270, themes: 5 });
    const other = await freshDatabase('themes_copy');
    expect((await runCli(['copy', local, other])).code).toBe(0);
    const server = await themesOf(url);
    for (const index of [back, other]) {
      const copied = await themesOf(index);
      expect(copied).toMatchObject({ levels: 2, members: 270, assigned: server.assigned, far: server.far });
      expect(shape(copied)).toEqual(shape(server));
      expect(copied.themes.map((t) => t.farBelow)).toEqual(server.themes.map((t) => expect.closeTo(t.farBelow!, 6)));
    }
  });

  it('copy keeps themes stored before sub-themes existed as such: the target asks for a themes run, not "not split"', async () => {
    const old = join(tmp.path, 'before-subthemes');
    expect((await runCli(['copy', local, old])).code).toBe(0);
    // What an index whose themes were computed at schema 4 (before sub-themes) holds.
    const db = new Database(join(old, 'paperscope.db'));
    db.exec(`DELETE FROM subthemes; UPDATE theme_members SET subtheme_id = NULL, sub_similarity = NULL;
             UPDATE meta SET value = json_remove(value, '$.splits') WHERE key = 'themes_run'`);
    db.close();
    const target = await freshDatabase('themes_old');
    expect((await runCli(['copy', old, target])).code).toBe(0);
    for (const index of [old, target]) {
      const r = await runCli(['theme', '0.1', '--index', index]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/computed before sub-themes existed/);
    }
  });

  it('themes --refresh fits the placed papers in and keeps the ids of the themes that stayed the same', async () => {
    const [server, mine] = await Promise.all(both().map((index) => themesOf(index, '--refresh')));
    expect(server).toMatchObject({ assigned: 0, members: 270, refit: { previousThemes: 5, kept: 5 } });
    expect(server.refresh).toBeUndefined();
    expect(shape(server)).toEqual(shape(mine));
    expect(Number(await psql(`SELECT count(*) FROM paperscope.theme_members WHERE assigned`, database))).toBe(0);
  });

  it('an index at schema 2 (before sub-themes) is migrated by the next writer, and its themes computed again with sub-themes', async () => {
    const db = await freshDatabase('v2');
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION vector; CREATE SCHEMA paperscope; SET search_path TO paperscope, public');
      await createTables(client, 2);
    } finally {
      await client.end();
    }
    const read = await runCli(['themes', '--index', db]);
    expect(read.code).toBe(1);
    expect(read.stderr).toMatch(new RegExp(`uses schema 2; this paperscope uses ${SCHEMA_VERSION}`));
    expect((await runCli(['ingest', join(tmp.path, 'first.jsonl'), '--index', db, '--model', TINY_MODEL_ID])).code).toBe(0);
    expect(json<IndexInfo>(await runCli(['info', '--index', db, '--json'])).schemaVersion).toBe(SCHEMA_VERSION);
    const name = db.slice(db.indexOf('@/') + 2, db.indexOf('?'));
    expect(await psql(`SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'paperscope' AND table_name = 'theme_members'`, name)).toMatch(
      /assigned.*sub_similarity.*subtheme_id/,
    );
    const o = await themesOf(db, '--k', '5');
    expect(o.levels).toBe(2);
    expect(shape(o)).toEqual(shape(fitted.local));
  });
});
