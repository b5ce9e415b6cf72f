import { matchKeys } from '../../corpus/dedupe.js';
import type { Paper } from '../../corpus/paper.js';
import type { PutOutcome, StoredPaper } from '../records.js';
import { stmt, type Db } from './database.js';

/** The papers table and its keys. A paper's rowid is its label in the HNSW file. */

interface PaperRow {
  rowid: number;
  id: string;
  title: string;
  abstract: string;
  content_hash: string;
  doc: string;
  added_at: string;
  updated_at: string;
}

const COLUMNS = 'rowid, id, title, abstract, content_hash, doc, added_at, updated_at';

function fromRow(row: PaperRow): StoredPaper {
  const rest = JSON.parse(row.doc) as Omit<Paper, 'id' | 'title' | 'abstract'>;
  return {
    label: row.rowid,
    hash: row.content_hash,
    paper: { id: row.id, title: row.title, abstract: row.abstract, ...rest },
    addedAt: row.added_at,
    updatedAt: row.updated_at,
  };
}

/** Everything but the columns already stored on their own, so the text is not stored twice. */
function docJson(paper: Paper): string {
  const { id: _id, title: _title, abstract: _abstract, ...rest } = paper;
  return JSON.stringify(rest);
}

export function getPaperById(db: Db, id: string): StoredPaper | undefined {
  const row = stmt(db, `SELECT ${COLUMNS} FROM papers WHERE id = ?`).get(id) as PaperRow | undefined;
  return row ? fromRow(row) : undefined;
}


/** Reads only the rows a result needs, in one query. */
export function getPapersByRowids(db: Db, rowids: readonly number[]): Map<number, StoredPaper> {
  const out = new Map<number, StoredPaper>();
  if (rowids.length === 0) return out;
  const rows = stmt(db, `SELECT ${COLUMNS} FROM papers WHERE rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as PaperRow[];
  for (const row of rows) out.set(row.rowid, fromRow(row));
  return out;
}

export function* iteratePapers(db: Db): Generator<StoredPaper> {
  // Not the cached statement: a generator may be left open while another runs the same query.
  for (const row of db.prepare(`SELECT ${COLUMNS} FROM papers ORDER BY rowid`).iterate() as IterableIterator<PaperRow>) yield fromRow(row);
}

export function countPapers(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM papers').get() as { n: number }).n;
}

/** Inserts a paper or replaces the stored one with the same id. Returns its rowid and what changed. */
export function upsertPaper(db: Db, paper: Paper, hash: string, now: string): { rowid: number; outcome: PutOutcome; textChanged: boolean } {
  const doc = docJson(paper);
  const existing = stmt(db, 'SELECT rowid, title, abstract, content_hash, doc FROM papers WHERE id = ?').get(paper.id) as
    | Pick<PaperRow, 'rowid' | 'title' | 'abstract' | 'content_hash' | 'doc'>
    | undefined;
  const columns = [paper.title, paper.abstract, paper.authors.join('; '), paper.year ?? null, JSON.stringify(paper.categories ?? []), codeFlag(paper), hash, doc];
  if (!existing) {
    const info = stmt(
      db,
      `INSERT INTO papers(id, title, abstract, authors, year, categories, has_code, content_hash, doc, added_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(paper.id, ...columns, now, now);
    const rowid = Number(info.lastInsertRowid);
    putMatchKeys(db, rowid, paper);
    return { rowid, outcome: 'new', textChanged: true };
  }
  if (existing.title === paper.title && existing.abstract === paper.abstract && existing.content_hash === hash && existing.doc === doc) {
    return { rowid: existing.rowid, outcome: 'unchanged', textChanged: false };
  }
  stmt(db, 
    `UPDATE papers SET title = ?, abstract = ?, authors = ?, year = ?, categories = ?, has_code = ?, content_hash = ?, doc = ?, updated_at = ?
     WHERE rowid = ?`,
  ).run(...columns, now, existing.rowid);
  stmt(db, 'DELETE FROM paper_keys WHERE paper_rowid = ?').run(existing.rowid);
  putMatchKeys(db, existing.rowid, paper);
  return { rowid: existing.rowid, outcome: 'updated', textChanged: existing.content_hash !== hash };
}

/** A key already held by another paper stays with it: the first paper stored under a key keeps it. */
function putMatchKeys(db: Db, rowid: number, paper: Paper): void {
  const insert = stmt(db, 'INSERT OR IGNORE INTO paper_keys(key, paper_rowid) VALUES (?, ?)');
  for (const key of matchKeys(paper)) insert.run(key, rowid);
}

/** The stored paper known by this key (an id, arXiv id, DOI or text key), if any. */
export function getPaperByKey(db: Db, key: string): StoredPaper | undefined {
  const row = stmt(db, `SELECT ${COLUMNS} FROM papers WHERE rowid = (SELECT paper_rowid FROM paper_keys WHERE key = ?)`).get(key) as PaperRow | undefined;
  return row ? fromRow(row) : undefined;
}

/**
 * The id of the stored paper an incoming record duplicates under another id (the same arXiv id, DOI, or
 * title and abstract), or undefined. A record whose own id is stored is that paper, never a duplicate.
 */
export function findStoredDuplicate(db: Db, paper: Paper, keys: readonly string[]): string | undefined {
  if (stmt(db, 'SELECT 1 FROM papers WHERE id = ?').get(paper.id)) return undefined;
  const lookup = stmt(db, 'SELECT p.id AS id FROM paper_keys k JOIN papers p ON p.rowid = k.paper_rowid WHERE k.key = ?');
  for (const key of keys) {
    const row = lookup.get(key) as { id: string } | undefined;
    if (row) return row.id;
  }
  return undefined;
}

function codeFlag(paper: Paper): number | null {
  return paper.hasCode === undefined ? null : paper.hasCode ? 1 : 0;
}

/** Deletes papers by id; returns the rowids that were removed (their HNSW labels). */
export function removePapers(db: Db, ids: readonly string[]): { removed: { id: string; rowid: number }[]; unknown: string[] } {
  const find = stmt(db, 'SELECT rowid FROM papers WHERE id = ?');
  const del = stmt(db, 'DELETE FROM papers WHERE rowid = ?');
  const removed: { id: string; rowid: number }[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const row = find.get(id) as { rowid: number } | undefined;
    if (!row) {
      unknown.push(id);
      continue;
    }
    del.run(row.rowid);
    removed.push({ id, rowid: row.rowid });
  }
  return { removed, unknown };
}
