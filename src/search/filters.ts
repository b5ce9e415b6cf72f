import { foldAccents } from '../corpus/text.js';
import { UserError } from '../errors.js';

/** What `--year`, `--category`, `--author`, `--has-code` and `--theme` ask for. All must hold. */
export interface SearchFilters {
  yearFrom?: number;
  yearTo?: number;
  /** Any of these (exact, case-insensitive; `cs.*` matches a whole archive). */
  categories?: string[];
  /** Every one of these must appear in the author list (a substring, case and accents aside: `muller` finds Müller). */
  authors?: string[];
  hasCode?: boolean;
  theme?: number;
}

export function hasFilters(f: SearchFilters | undefined): f is SearchFilters {
  return !!f && (f.yearFrom !== undefined || f.yearTo !== undefined || !!f.categories?.length || !!f.authors?.length || f.hasCode !== undefined || f.theme !== undefined);
}

/** `2024`, `2023..2025`, `2023..`, `..2020` -> a year range. */
export function parseYearRange(text: string): Pick<SearchFilters, 'yearFrom' | 'yearTo'> {
  const m = /^\s*(\d{4})?\s*(\.\.)?\s*(\d{4})?\s*$/.exec(text);
  if (!m || (!m[1] && !m[3]) || (!m[2] && m[3])) {
    throw new UserError(`bad --year "${text}"`, 'use a year (2024) or a range (2023..2025, 2023.., ..2020)');
  }
  const from = m[1] ? Number(m[1]) : undefined;
  const to = m[2] ? (m[3] ? Number(m[3]) : undefined) : from;
  if (from !== undefined && to !== undefined && from > to) throw new UserError(`bad --year "${text}": ${from} is after ${to}`, 'write the earlier year first');
  return { yearFrom: from, yearTo: to };
}

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
  if (f.theme !== undefined) {
    clauses.push('p.rowid IN (SELECT paper_rowid FROM theme_members WHERE theme_id = ?)');
    params.push(f.theme);
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** The user's text matches literally inside LIKE: `%` and `_` are not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
