import { hasFilters, type LexicalHit, type SearchFilters } from '../records.js';
import { lexicalWords } from '../query-words.js';
import { stmt, type Db } from './database.js';
import { filterSql } from './filter-sql.js';

/**
 * The user's words as an FTS5 query: each word quoted (so `abc" OR 1 --` is just the words abc, or, 1)
 * and OR-ed, letting BM25 rank papers that contain more of the rarer words first.
 */
export function toFtsQuery(text: string): string | undefined {
  const chosen = lexicalWords(text);
  return chosen.length ? chosen.map((w) => `"${w}"`).join(' OR ') : undefined;
}

// Title words count twice: a query word in the title says more about the paper than one in the abstract.
const BM25 = 'bm25(papers_fts, 2.0, 1.0)';

/** FTS5 BM25 over title and abstract (or the title alone), best first; the score is positive, higher is better. */
export function lexicalSearch(db: Db, text: string, limit: number, filters?: SearchFilters, titleOnly = false): LexicalHit[] {
  const fts = toFtsQuery(text);
  if (!fts) return [];
  const match = titleOnly ? `title : (${fts})` : fts;
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
  // SQLite's bm25() is negated so that ORDER BY finds the best first.
  return rows.map((r) => ({ label: r.label, score: -r.s }));
}
