/**
 * Nothing lost, nothing corrupted: kill -9 during ingest, readers during a write, two writers, a full disk,
 * damaged files. CI runs a few kill trials; `npm run test:faults` runs the full set (PAPERSCOPE_FAULT_TRIALS).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexInfo, IngestSummary, SearchResponse, ThemeDetail, ThemesOverview } from '../../src/api.js';
import { collect, json, runCli, startCli, tempDir } from '../helpers/cli.js';
import { inspectIndex } from '../helpers/index-db.js';
import { FIXTURES, SAMPLE_CORPUS, TINY_MODEL_ID } from '../helpers/paths.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

const TRIALS = Number(process.env.PAPERSCOPE_FAULT_TRIALS ?? 4);
const PAPERS = 800;

let tmp: ReturnType<typeof tempDir>;
let corpus: string;
let fullRunMs = 3000;

beforeAll(async () => {
  tmp = tempDir('paperscope-faults-');
  corpus = join(tmp.path, 'corpus.jsonl');
  writeSyntheticCorpus(corpus, PAPERS);
  // One clean run tells how long an ingest takes here, so kill times spread over all its phases.
  const started = Date.now();
  const r = await runCli(['ingest', corpus, '--index', join(tmp.path, 'reference'), '--model', TINY_MODEL_ID, '--json']);
  expect(r.code, r.stderr).toBe(0);
  fullRunMs = Date.now() - started;
});
afterAll(() => tmp.cleanup());

function hnswFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('.hnsw')) : [];
}

describe('kill -9 during ingest', () => {
  it(`${TRIALS} trials at moments spread over parse, embed, store and HNSW write: no data lost, the rerun finishes`, async () => {
    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const index = join(tmp.path, `kill-${trial}`);
      const child = startCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID]);
      const done = collect(child);
      // Every third trial waits for the HNSW temp file to appear and kills right then.
      if (trial % 3 === 2) {
        await waitFor(() => hnswFiles(index).some((f) => f.includes('.tmp-')), fullRunMs * 3);
      } else {
        await sleep(((trial + 0.5) / TRIALS) * fullRunMs);
      }
      child.kill('SIGKILL');
      await done;
      if (!hasSchema(index)) {
        // Killed before the first transaction: the CLI says the index is empty, and a rerun builds it.
        const info = await runCli(['info', '--index', index]);
        expect(info.stderr).toMatch(/no index at|is empty/);
        const rerun = await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID, '--json']);
        expect(rerun.code, rerun.stderr).toBe(0);
        expect(json<IngestSummary>(rerun).papersInIndex).toBe(PAPERS);
        outcomes.push('killed before the schema existed');
        continue;
      }
      // The index opens, and counts only complete papers: every stored paper has its vector.
      const before = inspectIndex(index);
      expect(before.papersWithVector).toBe(before.papers);
      const info = await runCli(['info', '--index', index, '--json']);
      expect(info.code, info.stderr).toBe(0);
      expect(json<IndexInfo>(info).papers).toBe(before.papers);
      if (before.papers > 0) {
        const search = await runCli(['search', 'graph neural network', '--index', index, '--json']);
        expect(search.code, search.stderr).toBe(0);
        expect(json<SearchResponse>(search).hits.length).toBeGreaterThan(0);
      }
      // Running the same ingest again finishes the job without re-embedding what was stored.
      const rerun = await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID, '--json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const summary = json<IngestSummary>(rerun);
      expect(summary.papersInIndex).toBe(PAPERS);
      expect(summary.embedded).toBeLessThanOrEqual(PAPERS - before.papersWithVector);
      const after = inspectIndex(index);
      expect(after.papers).toBe(PAPERS);
      for (const id of before.ids) expect(after.ids.has(id)).toBe(true);
      const finalInfo = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
      expect(finalInfo.hnsw).toMatchObject({ fresh: true, vectors: PAPERS });
      outcomes.push(`${before.papers} stored at kill, ${summary.embedded} embedded on rerun`);
    }
    console.log(`kill -9 trials:\n  ${outcomes.join('\n  ')}`);
    expect(outcomes).toHaveLength(TRIALS);
  }, TRIALS * 40_000);
});

describe('Ctrl-C during ingest', () => {
  it('commits what was embedded, exits 130 with a hint, and the next run continues', async () => {
    // Big enough that a signal sent right after the first window's commit lands long before the end.
    const big = join(tmp.path, 'sigint.jsonl');
    const total = 3000;
    writeSyntheticCorpus(big, total, 7);
    const index = join(tmp.path, 'sigint');
    const child = startCli(['ingest', big, '--index', index, '--model', TINY_MODEL_ID]);
    const done = collect(child);
    await waitFor(() => hasSchema(index) && inspectIndex(index).papers > 0, 60_000);
    child.kill('SIGINT');
    const r = await done;
    const stored = inspectIndex(index);
    expect(stored.papers).toBeLessThan(total);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/run the same command again to continue/);
    expect(stored.papersWithVector).toBe(stored.papers);
    const rerun = json<IngestSummary>(await runCli(['ingest', big, '--index', index, '--model', TINY_MODEL_ID, '--json']));
    expect(rerun.unchanged).toBe(stored.papers);
    expect(rerun.embedded).toBe(total - stored.papersWithVector);
    expect(rerun.papersInIndex).toBe(total);
  }, 180_000);
});

describe('schema versions', () => {
  it('an index written by a newer paperscope is refused with what to do', async () => {
    const index = join(tmp.path, 'newer');
    await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_MODEL_ID]);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(index, 'paperscope.db'));
    db.prepare(`UPDATE meta SET value = '99' WHERE key = 'schema_version'`).run();
    db.close();
    for (const args of [['info'], ['search', 'cache'], ['ingest', SAMPLE_CORPUS]]) {
      const r = await runCli([...args, '--index', index]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/written by a newer paperscope \(schema 99.*\n.*upgrade paperscope/);
    }
  });

  it('an index written by schema 1 asks readers to upgrade; reindex upgrades it and keeps every paper', async () => {
    const index = join(tmp.path, 'schema1');
    const dupA = join(FIXTURES, 'papers', 'dup-a.jsonl');
    const seeded = json<IngestSummary>(await runCli(['ingest', SAMPLE_CORPUS, dupA, '--index', index, '--model', TINY_MODEL_ID, '--json']));
    // Schema 1 is schema 5 without the paper_keys and paper_names tables, the sub-themes and placed papers.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(index, 'paperscope.db'));
    db.exec(`ALTER TABLE theme_members DROP COLUMN assigned; ALTER TABLE themes DROP COLUMN far_below; DROP INDEX theme_members_sub; ALTER TABLE theme_members DROP COLUMN subtheme_id; ALTER TABLE theme_members DROP COLUMN sub_similarity; DROP TABLE subthemes; DROP TABLE paper_keys; DROP TABLE paper_names; UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
    db.close();
    const search = await runCli(['search', 'cache', '--index', index]);
    expect(search.code).toBe(1);
    expect(search.stderr).toMatch(/uses schema 1; this paperscope uses 5\n.*run paperscope reindex once to upgrade it/);
    const reindex = await runCli(['reindex', '--index', index]);
    expect(reindex.code, reindex.stderr).toBe(0);
    const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
    expect(info.papers).toBe(seeded.papersInIndex);
    expect(json<SearchResponse>(await runCli(['search', 'cache', '--index', index, '--json'])).hits.length).toBeGreaterThan(0);
    // The upgrade filled the new table from the stored papers: a later export of a stored paper is known.
    const later = json<IngestSummary>(await runCli(['ingest', join(FIXTURES, 'papers', 'dup-b.csv'), '--index', index, '--json']));
    expect(later).toMatchObject({ new: 0, updated: 1, papersInIndex: seeded.papersInIndex });
  });

  it('an index written by schema 2 keeps the ids its sources gave: after the upgrade similar and remove take them', async () => {
    const index = join(tmp.path, 'schema2');
    const own = join(tmp.path, 'own-ids.jsonl');
    writeFileSync(own, `${JSON.stringify({ id: 'mypaper-1', title: 'Energy-Aware Scheduling of Federated Learning', abstract: 'We schedule federated learning rounds on battery-powered phones.' })}\n`);
    const seeded = await runCli(['ingest', own, join(FIXTURES, 'corpus', 'zotero.bib'), '--index', index, '--model', TINY_MODEL_ID]);
    expect(seeded.code, seeded.stderr).toBe(0);
    // Schema 2 had no paper_names and kept a source's id as extra.id, a BibTeX key as extra.bibtexKey.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(index, 'paperscope.db'));
    for (const row of db.prepare('SELECT rowid, doc FROM papers').all() as { rowid: number; doc: string }[]) {
      const { aliases, sources: _sources, ...doc } = JSON.parse(row.doc) as { aliases?: string[]; sources?: unknown; extra?: Record<string, unknown>; bibtexType?: string };
      const name = aliases?.[0];
      doc.extra = { ...doc.extra, ...(name ? (doc.extra?.bibtexType ? { bibtexKey: name } : { id: name }) : {}) };
      db.prepare('UPDATE papers SET doc = ? WHERE rowid = ?').run(JSON.stringify(doc), row.rowid);
    }
    db.exec(`ALTER TABLE theme_members DROP COLUMN assigned; ALTER TABLE themes DROP COLUMN far_below; DROP INDEX theme_members_sub; ALTER TABLE theme_members DROP COLUMN subtheme_id; ALTER TABLE theme_members DROP COLUMN sub_similarity; DROP TABLE subthemes; DROP TABLE paper_names; UPDATE meta SET value = '2' WHERE key = 'schema_version'`);
    db.close();
    expect((await runCli(['reindex', '--index', index])).code).toBe(0);
    const like = await runCli(['similar', 'mypaper-1', '--index', index, '--json']);
    expect(like.code, like.stderr).toBe(0);
    expect(json<{ of: { title: string } }>(like).of.title).toBe('Energy-Aware Scheduling of Federated Learning');
    const removed = await runCli(['remove', 'vaswani_attention_2017', '--index', index, '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(json<{ removed: string[] }>(removed).removed).toEqual(['1706.03762']);
  });

  it('themes stored by schema 3 survive the upgrade, and the next themes run adds their sub-themes', async () => {
    const index = join(tmp.path, 'schema3');
    const seeded = await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const before = json<ThemesOverview>(await runCli(['themes', '--index', index, '--k', '4', '--json']));
    expect(before.themes.some((t) => t.subthemes.length > 0)).toBe(true);
    // Schema 3 had no sub-themes, and its themes run recorded no splits.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(index, 'paperscope.db'));
    const run = JSON.parse((db.prepare(`SELECT value FROM meta WHERE key = 'themes_run'`).get() as { value: string }).value) as Record<string, unknown>;
    delete run.splits;
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'themes_run'`).run(JSON.stringify(run));
    db.exec(`ALTER TABLE theme_members DROP COLUMN assigned; ALTER TABLE themes DROP COLUMN far_below; DROP INDEX theme_members_sub; ALTER TABLE theme_members DROP COLUMN subtheme_id; ALTER TABLE theme_members DROP COLUMN sub_similarity; DROP TABLE subthemes; UPDATE meta SET value = '3' WHERE key = 'schema_version'`);
    db.close();
    expect((await runCli(['theme', '0', '--index', index])).stderr).toMatch(/uses schema 3; this paperscope uses 5/);
    expect((await runCli(['reindex', '--index', index])).code).toBe(0);
    const upgraded = json<ThemeDetail>(await runCli(['theme', '0', '--index', index, '--json']));
    expect(upgraded.theme.label).toBe(before.themes[0].label);
    expect(upgraded.theme.subthemes).toEqual([]);
    const notYet = await runCli(['theme', '0.1', '--index', index]);
    expect(notYet.stderr).toMatch(/computed before sub-themes existed\n.*run paperscope themes once/);
    const after = json<ThemesOverview>(await runCli(['themes', '--index', index, '--json']));
    expect(after.themes.map((t) => [t.label, t.size])).toEqual(before.themes.map((t) => [t.label, t.size]));
    expect(after.themes.map((t) => t.subthemes.map((x) => x.label))).toEqual(before.themes.map((t) => t.subthemes.map((x) => x.label)));
  });
});

describe('readers and writers', () => {
  it('a reader running while a writer ingests sees the old or the new state, never an error', async () => {
    const index = join(tmp.path, 'concurrent');
    const seed = await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_MODEL_ID]);
    expect(seed.code, seed.stderr).toBe(0);
    const writer = collect(startCli(['ingest', corpus, '--index', index]));
    let writerDone = false;
    void writer.then(() => (writerDone = true));
    let reads = 0;
    let readsDuringWrite = 0;
    while (!writerDone || reads < 3) {
      const writing = !writerDone;
      const [search, similar] = await Promise.all([
        runCli(['search', 'memory cache', '--index', index, '--json', '-k', '5']),
        runCli(['similar', 'paged key-value caches', '--index', index, '--json', '-k', '3']),
      ]);
      expect(search.code, search.stderr).toBe(0);
      expect(similar.code, similar.stderr).toBe(0);
      expect(json<SearchResponse>(search).hits).toHaveLength(5);
      const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
      reads++;
      if (writing && !writerDone) readsDuringWrite++; // the whole round ran while the writer wrote
      // The writer commits whole windows of 256 papers: a reader sees one of those states, never a part.
      expect((info.papers - 26) % 256 === 0 || info.papers === 26 + PAPERS, `saw ${info.papers} papers`).toBe(true);
    }
    expect((await writer).code).toBe(0);
    expect(inspectIndex(index).papers).toBe(26 + PAPERS);
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(readsDuringWrite, 'no read overlapped the write: the test proved nothing').toBeGreaterThan(0);
  }, 180_000);

  it('a second writer fails with "index is locked by pid N"; a dead writer\'s lock is taken over', async () => {
    const index = join(tmp.path, 'two-writers');
    await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_MODEL_ID]);
    const first = startCli(['ingest', corpus, '--index', index]);
    const firstDone = collect(first);
    await waitFor(() => existsSync(join(index, 'write.lock')), 10_000);
    const second = await runCli(['ingest', SAMPLE_CORPUS, '--index', index]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`index .* is locked by pid ${first.pid} \\(ingest since`));
    expect((await firstDone).code).toBe(0);

    // A lock left by a process that no longer exists.
    const dead = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString();
    writeFileSync(join(index, 'write.lock'), JSON.stringify({ pid: Number(dead), command: 'ingest', since: 'earlier' }));
    const takeover = await runCli(['remove', '2501.10000', '--index', index]);
    expect(takeover.code, takeover.stderr).toBe(0);
    expect(existsSync(join(index, 'write.lock'))).toBe(false);
  }, 120_000);
});

describe('damaged files', () => {
  let index: string;
  beforeAll(async () => {
    index = join(tmp.path, 'damage');
    await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_MODEL_ID]);
  });

  const currentHnsw = () => hnswFiles(index).filter((f) => !f.includes('.tmp-')).sort((a, b) => statSync(join(index, b)).mtimeMs - statSync(join(index, a)).mtimeMs)[0];

  it('a truncated HNSW file is detected and reindex fixes it', async () => {
    const file = join(index, currentHnsw());
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const r = await runCli(['search', 'cache', '--index', index]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not match the database .*\n.*paperscope reindex/);
    expect((await runCli(['reindex', '--index', index])).code).toBe(0);
    expect((await runCli(['search', 'cache', '--index', index])).code).toBe(0);
  });

  it('an ingest or remove over a damaged HNSW file rebuilds it instead of failing', async () => {
    const file = join(index, currentHnsw());
    truncateSync(file, 100);
    const r = await runCli(['ingest', join(tmp.path, 'corpus.jsonl'), '--index', index, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<IndexInfo>(await runCli(['info', '--index', index, '--json'])).hnsw).toMatchObject({ fresh: true, vectors: 26 + PAPERS });
    truncateSync(join(index, currentHnsw()), 100);
    expect((await runCli(['remove', '2501.10000', '--index', index])).code).toBe(0);
    expect((await runCli(['search', 'cache', '--index', index])).code).toBe(0);
  }, 120_000);

  it('a missing HNSW file says to reindex', async () => {
    const file = join(index, currentHnsw());
    const { unlinkSync } = await import('node:fs');
    for (const f of hnswFiles(index)) unlinkSync(join(index, f));
    const r = await runCli(['similar', 'paged key-value caches', '--index', index]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/vector index file .* is missing/);
    expect(r.stderr).toMatch(/paperscope reindex/);
    expect((await runCli(['reindex', '--index', index])).code).toBe(0);
    expect(existsSync(file) || hnswFiles(index).length > 0).toBe(true);
  });

  it('an HNSW file from another index is refused', async () => {
    const other = join(tmp.path, 'other-index');
    await runCli(['ingest', corpus, '--index', other, '--model', TINY_MODEL_ID]);
    const theirs = hnswFiles(other).filter((f) => !f.includes('.tmp-'))[0];
    copyFileSync(join(other, theirs), join(index, currentHnsw()));
    const r = await runCli(['search', 'cache', '--index', index]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/from another index/);
    expect((await runCli(['reindex', '--index', index])).code).toBe(0);
  });

  it('a damaged database is reported as such, without a stack trace', async () => {
    const broken = join(tmp.path, 'broken-db');
    mkdirSync(broken);
    writeFileSync(join(broken, 'paperscope.db'), 'this is not a database'.repeat(200));
    const r = await runCli(['info', '--index', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/database of index .* is damaged/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a truncated database is reported as damaged', async () => {
    const copy = join(tmp.path, 'truncated-db');
    mkdirSync(copy);
    const source = join(tmp.path, 'reference', 'paperscope.db');
    await runCli(['info', '--index', join(tmp.path, 'reference')]); // checkpoint the WAL into the file
    copyFileSync(source, join(copy, 'paperscope.db'));
    truncateSync(join(copy, 'paperscope.db'), 8192);
    const r = await runCli(['search', 'graph', '--mode', 'lexical', '--index', copy]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the database of index .* is damaged/);
  });
});

describe('no space left on the device', () => {
  const mountPoint = join('/tmp', `paperscope-full-${process.pid}`);
  let mounted = false;
  beforeAll(() => {
    mkdirSync(mountPoint, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    } catch {
      mounted = false; // not root, or no mount permission: the test below skips
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
  });

  it('a write that runs out of space fails clearly and leaves the index as it was', async (ctx) => {
    if (!mounted) ctx.skip();
    const index = join(mountPoint, 'index');
    const first = await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_MODEL_ID]);
    expect(first.code, first.stderr).toBe(0);
    // Fill the disk, leaving a few kilobytes.
    const filler = join(mountPoint, 'filler');
    try {
      for (;;) appendFileSync(filler, Buffer.alloc(64 * 1024));
    } catch {
      // full
    }
    const r = await runCli(['ingest', corpus, '--index', index]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no space left/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    truncateSync(filler, 0);
    const after = inspectIndex(index);
    expect(after.papers).toBe(26);
    const search = await runCli(['search', 'cache', '--index', index, '--json']);
    expect(search.code, search.stderr).toBe(0);
  });
});

function hasSchema(index: string): boolean {
  if (!existsSync(join(index, 'paperscope.db'))) return false;
  try {
    inspectIndex(index);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < end) await sleep(5);
}
