import type { Db } from '../store/database.js';
import { stmt } from '../store/database.js';
import { filterSql, hasFilters, type SearchFilters } from './filters.js';

/**
 * The user's words as an FTS5 query: each word quoted (so `abc" OR 1 --` is just the words abc, or, 1)
 * and OR-ed, letting BM25 rank papers that contain more of the rarer words first.
 */
export function toFtsQuery(text: string): string | undefined {
  const words = queryWords(text);
  return words.length ? words.map((w) => `"${w}"`).join(' OR ') : undefined;
}

/** Letters and digits runs, lower-cased, deduplicated; at most 64 so a pasted abstract stays cheap. */
export function queryWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, 64);
}

export interface LexicalHit {
  label: number;
  /** BM25 as a positive number: higher is better (SQLite returns it negated). */
  score: number;
}

// Title words count twice: a query word in the title says more about the paper than one in the abstract.
const BM25 = 'bm25(papers_fts, 2.0, 1.0)';

export function lexicalSearch(db: Db, text: string, limit: number, filters?: SearchFilters, column?: 'title'): LexicalHit[] {
  const fts = toFtsQuery(text);
  if (!fts) return [];
  const match = column ? `${column} : (${fts})` : fts;
  let sql = `SELECT rowid AS label, ${BM25} AS s FROM papers_fts WHERE papers_fts MATCH ?`;
  const params: unknown[] = [match];
  if (hasFilters(filters)) {
    const f = filterSql(filters);
    sql += ` AND rowid IN (SELECT p.rowid FROM papers p WHERE ${f.where})`;
    params.push(...f.params);
  }
  sql += ' ORDER BY s LIMIT ?';
  params.push(limit);
  const rows = stmt(db, sql).all(...params) as { label: number; s: number }[];
  return rows.map((r) => ({ label: r.label, score: -r.s }));
}
