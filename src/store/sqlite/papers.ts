import { matchKeys, paperNames } from '../../corpus/dedupe.js';
import type { Paper } from '../../corpus/paper.js';
import { docJson, paperFromDoc } from '../paper-doc.js';
import { refCandidates } from '../query-words.js';
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
  return {
    label: row.rowid,
    hash: row.content_hash,
    paper: paperFromDoc(row.id, row.title, row.abstract, row.doc),
    addedAt: row.added_at,
    updatedAt: row.updated_at,
  };
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
    putKeysAndNames(db, rowid, paper);
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
  stmt(db, 'DELETE FROM paper_names WHERE paper_rowid = ?').run(existing.rowid);
  putKeysAndNames(db, existing.rowid, paper);
  return { rowid: existing.rowid, outcome: 'updated', textChanged: existing.content_hash !== hash };
}

/** A key already held by another paper stays with it: the first paper stored under a key keeps it. Names are shared. */
function putKeysAndNames(db: Db, rowid: number, paper: Paper): void {
  const insertKey = stmt(db, 'INSERT OR IGNORE INTO paper_keys(key, paper_rowid) VALUES (?, ?)');
  for (const key of matchKeys(paper)) insertKey.run(key, rowid);
  const insertName = stmt(db, 'INSERT OR IGNORE INTO paper_names(name, paper_rowid) VALUES (?, ?)');
  for (const name of paperNames(paper)) insertName.run(name, rowid);
}

/** The stored paper known by this key (an id, arXiv id, DOI or text key), if any. */
export function getPaperByKey(db: Db, key: string): StoredPaper | undefined {
  const row = stmt(db, `SELECT ${COLUMNS} FROM papers WHERE rowid = (SELECT paper_rowid FROM paper_keys WHERE key = ?)`).get(key) as PaperRow | undefined;
  return row ? fromRow(row) : undefined;
}

/** The stored paper an incoming record is (by its id, arXiv id, DOI, PubMed id, or title and abstract), if any. */
export function findStoredPaper(db: Db, paper: Paper): StoredPaper | undefined {
  for (const key of matchKeys(paper)) {
    const stored = getPaperById(db, key) ?? getPaperByKey(db, key);
    if (stored) return stored;
  }
  return undefined;
}

/** Stored papers a source called `name` (a JSON Lines id, a BibTeX key): not unique, two files may share one. */
export function papersWithName(db: Db, name: string): StoredPaper[] {
  const rows = stmt(db, `SELECT ${COLUMNS} FROM papers WHERE rowid IN (SELECT paper_rowid FROM paper_names WHERE name = ?) ORDER BY rowid`).all(name) as PaperRow[];
  return rows.map(fromRow);
}

/**
 * The papers a user's reference names: the one with that id or key (an arXiv id, a DOI in any case), else every
 * paper a source called so (`mypaper-1`, a BibTeX key, a PubMed id): several when two files used the same name.
 */
export function papersNamed(db: Db, ref: string): StoredPaper[] {
  const names = refCandidates(ref);
  for (const name of names) {
    const byKey = getPaperById(db, name) ?? getPaperByKey(db, name);
    if (byKey) return [byKey];
  }
  for (const name of names) {
    const found = papersWithName(db, name);
    if (found.length) return found;
  }
  return [];
}

function codeFlag(paper: Paper): number | null {
  return paper.hasCode === undefined ? null : paper.hasCode ? 1 : 0;
}

/**
 * Deletes papers by id or by a name a source gave them; returns the rowids that were removed (their HNSW
 * labels), the references that name no paper, and those that name several (nothing is removed for those).
 */
export function removePapers(
  db: Db,
  refs: readonly string[],
): { removed: { id: string; rowid: number }[]; unknown: string[]; ambiguous: { ref: string; ids: string[] }[] } {
  const del = stmt(db, 'DELETE FROM papers WHERE rowid = ?');
  const removed: { id: string; rowid: number }[] = [];
  const unknown: string[] = [];
  const ambiguous: { ref: string; ids: string[] }[] = [];
  for (const ref of refs) {
    const found = papersNamed(db, ref);
    if (found.length === 0) unknown.push(ref);
    else if (found.length > 1) ambiguous.push({ ref, ids: found.map((p) => p.paper.id) });
    else if (!removed.some((r) => r.rowid === found[0].label)) {
      del.run(found[0].label);
      removed.push({ id: found[0].paper.id, rowid: found[0].label });
    }
  }
  return { removed, unknown, ambiguous };
}
