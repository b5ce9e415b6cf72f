/**
 * Every command against a real PostgreSQL with pgvector (started by test/postgres/global-server.ts), checked
 * against what the local index answers for the same files where the two must agree (dense search reads
 * the same vectors), and against the database itself where the CLI could fool itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalSummary, IndexInfo, IngestSummary, PaperInfo, SearchResponse, SimilarResponse, ThemesOverview } from '../../src/api.js';
import { createTables, SCHEMA_VERSION } from '../../src/store/postgres/schema.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, SAMPLE_CORPUS, TINY_MODEL_ID } from '../helpers/paths.js';
import { freshDatabase, hasPostgres, pgUrl, psql, serverInfo } from '../helpers/postgres.js';

const SMALL = join(FIXTURES, 'papers', 'small.jsonl');
let tmp: ReturnType<typeof tempDir>;
let url: string;
let local: string;
let database: string;

beforeAll(async () => {
  if (!hasPostgres) return;
  tmp = tempDir();
  local = join(tmp.path, 'local');
  url = await freshDatabase('cli');
  database = url.slice(url.indexOf('@/') + 2, url.indexOf('?'));
  for (const index of [url, local]) {
    const r = await runCli(['ingest', SAMPLE_CORPUS, SMALL, '--index', index, '--model', TINY_MODEL_ID, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<IngestSummary>(r)).toMatchObject({ new: 30, papersInIndex: 30 });
  }
});
afterAll(() => tmp?.cleanup());

const search = async (index: string, ...args: string[]) => {
  const r = await runCli(['search', ...args, '--index', index, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return json<SearchResponse>(r);
};

describe.runIf(hasPostgres)('the CLI on PostgreSQL', () => {
  it('stores each paper once, with its vector in pgvector, and re-ingesting changes and embeds nothing', async () => {
    expect(await psql('SELECT count(*), count(vector), count(DISTINCT id) FROM paperscope.papers', database)).toBe('30|30|30');
    expect(await psql(`SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'paperscope.papers'::regclass AND attname = 'vector'`, database)).toBe('vector(32)');
    expect(await psql(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'paperscope' AND indexname = 'papers_vector'`, database)).toMatch(/USING hnsw \(vector vector_cosine_ops\)/);
    const again = json<IngestSummary>(await runCli(['ingest', SAMPLE_CORPUS, SMALL, '--index', url, '--json']));
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 30, embedded: 0, papersInIndex: 30 });
  });

  it('dense search finds what the local index finds, with the same scores', async () => {
    for (const query of ['memory management for LLM serving', 'protein structure', 'robots']) {
      const [a, b] = await Promise.all([search(url, query, '--mode', 'dense', '-k', '10'), search(local, query, '--mode', 'dense', '-k', '10')]);
      expect(a.hits.map((h) => h.id)).toEqual(b.hits.map((h) => h.id));
      a.hits.forEach((h, i) => expect(h.similarity).toBeCloseTo(b.hits[i].similarity!, 5));
    }
  });

  it('lexical and hybrid search find a paper by the words of its title', async () => {
    expect((await search(url, 'paged key-value caches', '--mode', 'lexical')).hits[0].title).toBe('Paged Key-Value Caches for High-Throughput LLM Serving');
    expect((await search(url, 'Sparse Attention Kernels on GPUs')).hits[0].id).toBe('2401.00002');
  });

  it('every filter narrows results without losing the top k, in every mode', async () => {
    for (const mode of ['dense', 'hybrid']) {
      const byYear = await search(url, 'learning', '--mode', mode, '--year', '2024', '-k', '8');
      expect(byYear.hits.length).toBe(8);
      expect(byYear.hits.every((h) => h.year === 2024)).toBe(true);
      const byCat = await search(url, 'learning', '--mode', mode, '--category', 'cs.AR');
      expect(byCat.hits.length).toBe(3);
      expect((await search(url, 'gpu', '--mode', mode, '--author', 'guo')).hits.map((h) => h.id).sort()).toEqual(['2401.00001', '2401.00002']);
      expect((await search(url, 'code', '--mode', mode, '--has-code')).hits.map((h) => h.id)).toEqual(['2401.00001']);
      expect((await search(url, 'learning', '--mode', mode, '--category', 'q-bio.*', '-k', '50')).hits.length).toBe(4);
    }
    expect((await search(url, 'learning', '--category', '%*', '-k', '50')).hits).toEqual([]);
    expect((await search(url, 'learning', '--category', 'c_.*', '-k', '50')).hits).toEqual([]);
    // The same filtered dense results as the local index.
    const [a, b] = await Promise.all([search(url, 'learning', '--mode', 'dense', '--year', '2023..', '-k', '5'), search(local, 'learning', '--mode', 'dense', '--year', '2023..', '-k', '5')]);
    expect(a.hits.map((h) => h.id)).toEqual(b.hits.map((h) => h.id));
  });

  it('hostile queries are just words, and hostile papers are stored as they are', async () => {
    for (const q of [`abc" OR 1 -- ; DROP TABLE papers`, `'); DELETE FROM paperscope.papers; --`, 'a:* & !b | (c <-> d)', '\\x00 $1 $$ quote_ident']) {
      expect((await runCli(['search', q, '--mode', 'lexical', '--index', url, '--json'])).code).toBe(0);
      expect((await runCli(['search', q, '--index', url, '--author', q, '--category', q, '--json'])).code).toBe(0);
    }
    const hostileDb = await freshDatabase('hostile');
    const r = await runCli(['ingest', join(FIXTURES, 'report', 'hostile.jsonl'), '--index', hostileDb, '--model', TINY_MODEL_ID, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const hit = (await search(hostileDb, 'robust parsing', '--mode', 'lexical')).hits[0];
    expect(hit.title).toBe('<script>alert(1)</script> Robust Parsing "><img src=x onerror=alert(1)>');
    expect(await psql('SELECT count(*) FROM paperscope.papers', database)).toBe('30');
  });

  it('similar finds a paper by any of its names, never the paper itself, as locally', async () => {
    const a = json<SimilarResponse>(await runCli(['similar', 'arXiv:2401.00002v2', '--index', url, '-k', '5', '--json']));
    const b = json<SimilarResponse>(await runCli(['similar', '2401.00002', '--index', local, '-k', '5', '--json']));
    expect(a.of.id).toBe('2401.00002');
    expect(a.hits.map((h) => h.id)).toEqual(b.hits.map((h) => h.id));
    const filtered = json<SimilarResponse>(await runCli(['similar', '2401.00003', '--index', url, '-k', '29', '--json']));
    expect(filtered.hits).toHaveLength(29);
    expect(filtered.hits.map((h) => h.id)).not.toContain('2401.00003');
    const unknown = await runCli(['similar', 'no such paper at all', '--index', url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no paper with id or title "no such paper at all"/);
  });

  it('themes, theme, theme filters and the report work on the server', async () => {
    const overview = json<ThemesOverview>(await runCli(['themes', '--index', url, '--k', '3', '--json']));
    expect(overview).toMatchObject({ k: 3, papers: 30, stale: false });
    expect(overview.themes.reduce((n, t) => n + t.size, 0)).toBe(30);
    expect(await psql('SELECT count(*) FROM paperscope.theme_members', database)).toBe('30');
    const again = json<ThemesOverview>(await runCli(['themes', '--index', url, '--json']));
    expect(again.computedAt).toBe(overview.computedAt); // read back, not recomputed
    const detail = await runCli(['theme', '0', '--index', url, '--json']);
    expect(detail.code, detail.stderr).toBe(0);
    expect(json<{ papers: unknown[] }>(detail).papers.length).toBe(overview.themes[0].size);
    const inTheme = await search(url, 'learning', '--theme', '1', '-k', '50');
    expect(inTheme.hits.length).toBe(overview.themes[1].size);
    const out = join(tmp.path, 'report.json');
    const report = await runCli(['report', '--index', url, '--out', out, '--json']);
    expect(report.code, report.stderr).toBe(0);
    expect(json<{ counts: { papers: number; themes: number }; notes: string[] }>(report)).toMatchObject({ counts: { papers: 30, themes: 3 }, notes: [] });
  });

  it('info shows the index without its password, and paper info every name', async () => {
    const text = await runCli(['info', '--index', url]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/papers {4}30/);
    expect(text.stdout).toMatch(/hnsw .*30 vectors.*up to date/);
    const info = json<IndexInfo>(await runCli(['info', '--index', url, '--json']));
    expect(info).toMatchObject({ papers: 30, model: { id: TINY_MODEL_ID, dims: 32 }, schemaVersion: SCHEMA_VERSION, hnsw: { fresh: true, vectors: 30 }, cachedEmbeddings: 30 });
    expect(info.dir).toContain(':***@');
    for (const out of [text.stdout, JSON.stringify(info)]) expect(out).not.toContain(serverInfo().password);
    const paper = json<PaperInfo>(await runCli(['info', '2401.00002', '--index', url, '--json']));
    expect(paper).toMatchObject({ paper: { id: '2401.00002' }, embedded: true });
  });

  it('removes papers all or nothing, reindexes, and searches stay consistent', async () => {
    const db = await freshDatabase('remove');
    await runCli(['ingest', SMALL, '--index', db, '--model', TINY_MODEL_ID]);
    const bad = await runCli(['remove', '2401.00001', 'nope', '--index', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no paper with id nope .*nothing was removed/);
    expect(json(await runCli(['remove', '2401.00001', '--index', db, '--json']))).toEqual({ removed: ['2401.00001'], papersInIndex: 3 });
    expect((await search(db, 'retrieval code')).hits.map((h) => h.id)).not.toContain('2401.00001');
    expect(json(await runCli(['reindex', '--index', db, '--json']))).toMatchObject({ vectors: 3 });
    // The label of a removed paper is never given again.
    const name = db.slice(db.indexOf('@/') + 2, db.indexOf('?'));
    const before = await psql('SELECT max(label) FROM paperscope.papers', name);
    await runCli(['ingest', SMALL, '--index', db]);
    expect(Number(await psql(`SELECT label FROM paperscope.papers WHERE id = '2401.00001'`, name))).toBeGreaterThan(Number(before));
  });

  it('a first ingest stopped before its HNSW index was built: info says behind, search is exact, the next write builds it', async () => {
    const db = await freshDatabase('behind');
    const name = db.slice(db.indexOf('@/') + 2, db.indexOf('?'));
    await runCli(['ingest', SAMPLE_CORPUS, '--index', db, '--model', TINY_MODEL_ID]);
    const query = ['memory management for LLM serving', '--mode', 'dense', '-k', '10'];
    const indexed = (await search(db, ...query)).hits.map((h) => h.id);
    // What a kill between the last window's commit and the index build leaves.
    await psql('DROP INDEX paperscope.papers_vector', name);
    expect(json<IndexInfo>(await runCli(['info', '--index', db, '--json'])).hnsw).toMatchObject({ state: 'behind', fresh: false });
    expect((await search(db, ...query)).hits.map((h) => h.id)).toEqual(indexed);
    expect(json(await runCli(['ingest', SMALL, '--index', db, '--json']))).toMatchObject({ new: 4 });
    expect(json<IndexInfo>(await runCli(['info', '--index', db, '--json'])).hnsw).toMatchObject({ state: 'fresh', vectors: 30 });
    expect(await psql(`SELECT attstorage FROM pg_attribute WHERE attrelid = 'paperscope.papers'::regclass AND attname = 'vector'`, name)).toBe('m');
    await psql('DROP INDEX paperscope.papers_vector', name);
    expect(json(await runCli(['reindex', '--index', db, '--json']))).toMatchObject({ vectors: 30 });
    expect(await psql(`SELECT count(*) FROM pg_indexes WHERE schemaname = 'paperscope' AND indexname = 'papers_vector'`, name)).toBe('1');
  });

  it('eval builds its index on the server and scores it', async () => {
    const db = await freshDatabase('eval');
    const r = await runCli(['eval', '--beir', join(FIXTURES, 'beir-mini'), '--index', db, '--mode', 'lexical', '--model', TINY_MODEL_ID, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = json<EvalSummary>(r);
    expect(summary.documents).toBe(6);
    expect(summary.scores[0].mode).toBe('lexical');
    expect(summary.scores[0].ndcg10).toBeGreaterThan(0.5);
  });

  it('PAPERSCOPE_INDEX selects the server too', async () => {
    const r = await runCli(['info', '--json'], { env: { PAPERSCOPE_INDEX: url } });
    expect(r.code, r.stderr).toBe(0);
    expect(json<IndexInfo>(r).papers).toBe(30);
  });
});

describe.runIf(hasPostgres)('bad PostgreSQL locations: one line, what to do, exit 1, no password', () => {
  const expectUserError = (r: { code: number | null; stderr: string }, pattern: RegExp) => {
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr).not.toContain(serverInfo().password);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  };

  it('an unreachable server', async () => {
    const r = await runCli(['search', 'x', '--index', `postgresql://u:hunter2@/db?host=${encodeURIComponent(join(tmp.path, 'no-server'))}`]);
    expectUserError(r, /cannot reach the PostgreSQL server of postgresql:\/\/u:\*\*\*@\/db.*\n.*check the host and port/);
    expect(r.stderr).not.toContain('hunter2');
    const tcp = await runCli(['info', '--index', 'postgresql://u:hunter2@127.0.0.1:1/db']);
    expectUserError(tcp, /cannot reach the PostgreSQL server .*ECONNREFUSED/);
    expect(tcp.stderr).not.toContain('hunter2');
  });

  it('a wrong password', async () => {
    const r = await runCli(['ingest', SMALL, '--index', pgUrl('postgres', serverInfo().user, 'wrong-password'), '--model', TINY_MODEL_ID]);
    expectUserError(r, /refused the login: password authentication failed for user "paperscope"\n.*PGPASSWORD/);
    expect(r.stderr).not.toContain('wrong-password');
  });

  it('a database that does not exist', async () => {
    expectUserError(await runCli(['info', '--index', pgUrl('no_such_db')]), /database "no_such_db" does not exist.*\n.*createdb/);
  });

  it('a server without pgvector, where the user may not create it', async () => {
    const db = `nopgv_${Date.now()}`;
    await psql(`CREATE ROLE lab_user LOGIN PASSWORD 'lab-pw'`).catch(() => {});
    await psql(`CREATE DATABASE ${db} OWNER lab_user`);
    const r = await runCli(['ingest', SMALL, '--index', pgUrl(db, 'lab_user', 'lab-pw'), '--model', TINY_MODEL_ID]);
    expectUserError(r, /not allowed to create the pgvector extension.*\n.*CREATE EXTENSION vector/);
    // Once the owner has created it, the same user builds the index.
    await psql('CREATE EXTENSION vector', db);
    const ok = await runCli(['ingest', SMALL, '--index', pgUrl(db, 'lab_user', 'lab-pw'), '--model', TINY_MODEL_ID, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('a database with no index yet', async () => {
    expectUserError(await runCli(['search', 'x', '--index', await freshDatabase('empty')]), /no index at postgresql:.*\n.*paperscope ingest/);
  });

  it('libpq environment variables fill in what the URI leaves out', async () => {
    const s = serverInfo();
    // node-postgres reads them from the process environment, so in a process of its own.
    const r = await runCli(['info', '--index', `postgresql:///${database}`, '--json'], { spawn: true, env: { PGHOST: s.socketDir, PGUSER: s.user, PGPASSWORD: s.password } });
    expect(r.code, r.stderr).toBe(0);
    expect(json<IndexInfo>(r).papers).toBe(30);
  });
});

describe.runIf(hasPostgres)('a first ingest that fails leaves no index behind, as locally', () => {
  const unreadable = () => {
    const file = join(tmp.path, 'not-papers.json');
    writeFileSync(file, 'garbage {\n');
    return file;
  };

  it('in a new database: no schema, and the next command says there is no index', async () => {
    const index = await freshDatabase('failed');
    const db = index.slice(index.indexOf('@/') + 2, index.indexOf('?'));
    const r = await runCli(['ingest', unreadable(), '--index', index, '--model', TINY_MODEL_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot tell the format/);
    expect(await psql(`SELECT count(*) FROM pg_namespace WHERE nspname = 'paperscope'`, db)).toBe('0');
    expect((await runCli(['info', '--index', index])).stderr).toMatch(/no index at/);
    // And a good ingest afterwards builds it as usual.
    const ok = await runCli(['ingest', SMALL, '--index', index, '--model', TINY_MODEL_ID, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('in a schema someone made for it: the schema stays, with nothing of the index in it', async () => {
    const index = await freshDatabase('given');
    const db = index.slice(index.indexOf('@/') + 2, index.indexOf('?'));
    await psql('CREATE SCHEMA lab; CREATE TABLE lab.notes (note text)', db);
    const r = await runCli(['ingest', unreadable(), '--index', `${index}&schema=lab`, '--model', TINY_MODEL_ID]);
    expect(r.code).toBe(1);
    expect(await psql(`SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'lab'`, db)).toBe('notes');
  });

  it('an index that holds papers keeps them', async () => {
    const r = await runCli(['ingest', unreadable(), '--index', url, '--model', TINY_MODEL_ID]);
    expect(r.code).toBe(1);
    expect(await psql('SELECT count(*) FROM paperscope.papers', database)).toBe('30');
  });
});

describe.runIf(hasPostgres)('schema versions', () => {
  const withClient = async <T>(db: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  it('an older schema is migrated by the next writer, and refused by readers until then', async () => {
    const db = await freshDatabase('old');
    await withClient(db, async (c) => {
      await c.query('CREATE EXTENSION vector; CREATE SCHEMA paperscope; SET search_path TO paperscope, public');
      await createTables(c, 1);
    });
    const read = await runCli(['search', 'x', '--index', db]);
    expect(read.code).toBe(1);
    expect(read.stderr).toMatch(new RegExp(`uses schema 1; this paperscope uses ${SCHEMA_VERSION}\n.*reindex`));
    const r = await runCli(['ingest', SMALL, '--index', db, '--model', TINY_MODEL_ID, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const info = json<IndexInfo>(await runCli(['info', '--index', db, '--json']));
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    expect((await search(db, 'dense retriever', '--mode', 'lexical')).hits.length).toBeGreaterThan(0);
  });

  it('a newer schema is refused, by readers and writers', async () => {
    const db = await freshDatabase('newer');
    await runCli(['ingest', SMALL, '--index', db, '--model', TINY_MODEL_ID]);
    await withClient(db, (c) => c.query(`UPDATE paperscope.meta SET value = '99' WHERE key = 'schema_version'`));
    for (const args of [['search', 'x'], ['ingest', SMALL]]) {
      const r = await runCli([...args, '--index', db]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`was written by a newer paperscope \\(schema 99, this version reads up to ${SCHEMA_VERSION}\\)`));
    }
  });

  it('?schema= keeps several indexes in one database apart', async () => {
    const db = await freshDatabase('two');
    const other = `${db}&schema=lab_two`;
    await runCli(['ingest', SMALL, '--index', db, '--model', TINY_MODEL_ID]);
    await runCli(['ingest', SAMPLE_CORPUS, '--index', other, '--model', TINY_MODEL_ID]);
    expect(json<IndexInfo>(await runCli(['info', '--index', db, '--json'])).papers).toBe(4);
    const info = json<IndexInfo>(await runCli(['info', '--index', other, '--json']));
    expect(info.papers).toBe(26);
    expect(info.dir).toMatch(/schema=lab_two$/);
  });
});

describe.runIf(hasPostgres)('the library on PostgreSQL', () => {
  it('openIndex({ dir: uri }) names the index without its password', async () => {
    const { openIndex } = await import('../../src/api.js');
    const index = openIndex({ dir: url, offline: true });
    try {
      expect(index.dir).toContain(':***@');
      expect(index.dir).not.toContain(serverInfo().password);
      expect((await index.info()).papers).toBe(30);
    } finally {
      await index.close();
    }
  });
});
