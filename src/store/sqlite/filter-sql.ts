import { foldAccents } from '../../corpus/text.js';
import { escapeLike } from '../query-words.js';
import type { SearchFilters } from '../records.js';

/** A SQL condition on the `papers` table (aliased `p`) with its parameters. */
export function filterSql(f: SearchFilters): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.yearFrom !== undefined) {
    clauses.push('p.year >= ?');
    params.push(f.yearFrom);
  }
  if (f.yearTo !== undefined) {
    clauses.push('p.year <= ?');
    params.push(f.yearTo);
  }
  if (f.categories?.length) {
    const any = f.categories.map((c) => {
      if (c.endsWith('*')) {
        params.push(`${escapeLike(c.slice(0, -1).toLowerCase())}%`);
        return `lower(c.value) LIKE ? ESCAPE '\\'`;
      }
      params.push(c.toLowerCase());
      return 'lower(c.value) = ?';
    });
    clauses.push(`EXISTS (SELECT 1 FROM json_each(p.categories) c WHERE ${any.join(' OR ')})`);
  }
  for (const author of f.authors ?? []) {
    // fold() is registered on every connection (store/database.ts).
    clauses.push(`fold(p.authors) LIKE ? ESCAPE '\\'`);
    params.push(`%${escapeLike(foldAccents(author.trim()))}%`);
  }
  if (f.hasCode !== undefined) {
    clauses.push(f.hasCode ? 'p.has_code = 1' : 'coalesce(p.has_code, 0) = 0');
  }
  if (f.theme !== undefined && f.subtheme !== undefined) {
    clauses.push('p.rowid IN (SELECT paper_rowid FROM theme_members WHERE theme_id = ? AND subtheme_id = ?)');
    params.push(f.theme, f.subtheme);
  } else if (f.theme !== undefined) {
    clauses.push('p.rowid IN (SELECT paper_rowid FROM theme_members WHERE theme_id = ?)');
    params.push(f.theme);
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}
