/** The papers table and its keys and names, on PostgreSQL. A paper's label is its identity column. */
import { matchKeys, paperNames } from '../../corpus/dedupe.js';
import type { Paper } from '../../corpus/paper.js';
import { foldAccents } from '../../corpus/text.js';
import { docJson, paperFromDoc } from '../paper-doc.js';
import { refCandidates } from '../query-words.js';
import type { PutOutcome, StoredPaper } from '../records.js';
import type { Queryable } from './connection.js';

interface PaperRow {
  label: number;
  id: string;
  title: string;
  abstract: string;
  content_hash: string;
  doc: string;
  added_at: string;
  updated_at: string;
}

export const COLUMNS = 'p.label, p.id, p.title, p.abstract, p.content_hash, p.doc, p.added_at, p.updated_at';

export function fromRow(row: PaperRow): StoredPaper {
  return { label: row.label, hash: row.content_hash, paper: paperFromDoc(row.id, row.title, row.abstract, row.doc), addedAt: row.added_at, updatedAt: row.updated_at };
}

export async function papersByLabel(db: Queryable, labels: readonly number[]): Promise<Map<number, StoredPaper>> {
  const out = new Map<number, StoredPaper>();
  if (labels.length === 0) return out;
  const { rows } = await db.query<PaperRow>(`SELECT ${COLUMNS} FROM papers p WHERE p.label = ANY($1::int[])`, [labels]);
  for (const row of rows) out.set(row.label, fromRow(row));
  return out;
}

/** For each name, the paper stored with that id, else the one holding it as a key. */
async function labelsByKey(db: Queryable, names: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ key: string; label: number }>(
    `SELECT key, label FROM paper_keys WHERE key = ANY($1::text[])
     UNION ALL SELECT id, label FROM papers WHERE id = ANY($1::text[])`,
    [names],
  );
  const out = new Map<string, number>();
  // Ids win over keys, as in the SQLite index (getPaperById before getPaperByKey); they come last here.
  for (const r of rows) out.set(r.key, r.label);
  return out;
}

/** For each paper, the stored paper it is (by its id, arXiv id, DOI, PubMed id, or title and abstract): three queries per batch. */
export async function storedMatches(db: Queryable, papers: readonly Paper[]): Promise<(StoredPaper | undefined)[]> {
  const keysOf = papers.map((p) => matchKeys(p));
  const found = await labelsByKey(db, [...new Set(keysOf.flat())]);
  const labelOf = keysOf.map((keys) => keys.map((k) => found.get(k)).find((l) => l !== undefined));
  const stored = await papersByLabel(db, [...new Set(labelOf.filter((l): l is number => l !== undefined))]);
  return labelOf.map((l) => (l === undefined ? undefined : stored.get(l)));
}

export async function papersWithName(db: Queryable, name: string): Promise<StoredPaper[]> {
  const { rows } = await db.query<PaperRow>(
    `SELECT ${COLUMNS} FROM papers p WHERE p.label IN (SELECT label FROM paper_names WHERE lower(name) = lower($1)) ORDER BY p.label`,
    [name],
  );
  return rows.map(fromRow);
}

/** The papers a user's reference names: the one with that id or key, else every paper a source called so. */
export async function papersNamed(db: Queryable, ref: string): Promise<StoredPaper[]> {
  const names = refCandidates(ref);
  const byKey = await labelsByKey(db, names);
  for (const name of names) {
    const label = byKey.get(name);
    if (label !== undefined) return [...(await papersByLabel(db, [label])).values()];
  }
  for (const name of names) {
    const found = await papersWithName(db, name);
    if (found.length) return found;
  }
  return [];
}

/**
 * Inserts papers or replaces the stored ones with the same id; call inside a transaction. Returns each
 * one's label, what happened, and whether its text changed. The rows are locked as they are read, and an
 * id another writer inserted since is met by ON CONFLICT and updated instead: one paper, one row.
 */
export async function upsertPapers(
  db: Queryable,
  items: readonly { paper: Paper; hash: string }[],
  modelKey: string | undefined,
  now: string,
): Promise<{ label: number; outcome: PutOutcome; textChanged: boolean }[]> {
  const results: { label: number; outcome: PutOutcome; textChanged: boolean }[] = [];
  const changed: number[] = [];
  const touched: { label: number; paper: Paper }[] = [];
  for (const { paper, hash } of items) {
    const doc = docJson(paper);
    const columns = [paper.title, paper.abstract, paper.authors.join('; '), foldAccents(paper.authors.join('; ')), paper.year ?? null, (paper.categories ?? []).map((c) => c.toLowerCase()), paper.hasCode ?? null, hash, doc];
    const { rows: existing } = await db.query<{ label: number; title: string; abstract: string; content_hash: string; doc: string }>(
      'SELECT label, title, abstract, content_hash, doc FROM papers WHERE id = $1 FOR UPDATE',
      [paper.id],
    );
    const old = existing[0];
    if (old && old.title === paper.title && old.abstract === paper.abstract && old.content_hash === hash && old.doc === doc) {
      results.push({ label: old.label, outcome: 'unchanged', textChanged: false });
      continue;
    }
    // The vector comes from the cache, where ingest put it first.
    const { rows } = await db.query<{ label: number; inserted: boolean }>(
      `INSERT INTO papers AS p (id, title, abstract, authors, authors_folded, year, categories, has_code, content_hash, doc, added_at, updated_at, vector)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, (SELECT vector FROM embeddings WHERE model = $12 AND content_hash = $9))
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, abstract = excluded.abstract, authors = excluded.authors, authors_folded = excluded.authors_folded,
         year = excluded.year, categories = excluded.categories, has_code = excluded.has_code, content_hash = excluded.content_hash, doc = excluded.doc,
         updated_at = excluded.updated_at, vector = excluded.vector
       RETURNING label, (xmax = 0) AS inserted`,
      [paper.id, ...columns, now, modelKey ?? ''],
    );
    const { label, inserted } = rows[0];
    if (!inserted) changed.push(label);
    touched.push({ label, paper });
    results.push({ label, outcome: inserted ? 'new' : 'updated', textChanged: !old || old.content_hash !== hash });
  }
  if (changed.length) {
    await db.query('DELETE FROM paper_keys WHERE label = ANY($1::int[])', [changed]);
    await db.query('DELETE FROM paper_names WHERE label = ANY($1::int[])', [changed]);
  }
  const keys = touched.flatMap(({ label, paper }) => matchKeys(paper).map((key) => [key, label] as const));
  const names = touched.flatMap(({ label, paper }) => paperNames(paper).map((name) => [name, label] as const));
  // A key already held by another paper stays with it: the first paper stored under a key keeps it. Names are shared.
  if (keys.length) {
    await db.query('INSERT INTO paper_keys(key, label) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT DO NOTHING', [keys.map((k) => k[0]), keys.map((k) => k[1])]);
  }
  if (names.length) {
    await db.query('INSERT INTO paper_names(name, label) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT DO NOTHING', [names.map((n) => n[0]), names.map((n) => n[1])]);
  }
  return results;
}

/** Deletes papers by reference; returns the removed, the unknown and the ambiguous (nothing is removed for those). Call inside a transaction. */
export async function removePapers(
  db: Queryable,
  refs: readonly string[],
): Promise<{ removed: { id: string; label: number }[]; unknown: string[]; ambiguous: { ref: string; ids: string[] }[] }> {
  const removed: { id: string; label: number }[] = [];
  const unknown: string[] = [];
  const ambiguous: { ref: string; ids: string[] }[] = [];
  for (const ref of refs) {
    const found = await papersNamed(db, ref);
    if (found.length === 0) unknown.push(ref);
    else if (found.length > 1) ambiguous.push({ ref, ids: found.map((p) => p.paper.id) });
    else if (!removed.some((r) => r.label === found[0].label)) {
      await db.query('DELETE FROM papers WHERE label = $1', [found[0].label]);
      removed.push({ id: found[0].paper.id, label: found[0].label });
    }
  }
  return { removed, unknown, ambiguous };
}
