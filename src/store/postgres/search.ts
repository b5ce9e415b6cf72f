/** Filters, dense search (pgvector HNSW) and lexical search (PostgreSQL full-text search) on one snapshot. */
import { toSql } from 'pgvector';
import { foldAccents } from '../../corpus/text.js';
import { UserError } from '../../errors.js';
import { escapeLike, lexicalWords } from '../query-words.js';
import { hasFilters, type DenseResult, type LexicalHit, type PinnedModel, type SearchFilters } from '../records.js';
import type { Queryable } from './connection.js';

/** Builds a parameter list: every value the user gave reaches the server as a parameter, never as SQL text. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A condition on `papers p` for these filters. */
export function filterSql(f: SearchFilters | undefined, p: Params): string {
  if (!hasFilters(f)) return 'true';
  const clauses: string[] = [];
  if (f.yearFrom !== undefined) clauses.push(`p.year >= ${p.add(f.yearFrom)}`);
  if (f.yearTo !== undefined) clauses.push(`p.year <= ${p.add(f.yearTo)}`);
  if (f.categories?.length) {
    const any = f.categories.map((c) =>
      c.endsWith('*') ? `c LIKE ${p.add(`${escapeLike(c.slice(0, -1).toLowerCase())}%`)} ESCAPE '\\'` : `c = ${p.add(c.toLowerCase())}`,
    );
    clauses.push(`EXISTS (SELECT 1 FROM unnest(p.categories) c WHERE ${any.join(' OR ')})`);
  }
  for (const author of f.authors ?? []) clauses.push(`p.authors_folded LIKE ${p.add(`%${escapeLike(foldAccents(author.trim()))}%`)} ESCAPE '\\'`);
  if (f.hasCode !== undefined) clauses.push(f.hasCode ? 'p.has_code' : 'NOT coalesce(p.has_code, false)');
  if (f.theme !== undefined && f.subtheme !== undefined) {
    clauses.push(`p.label IN (SELECT label FROM theme_members WHERE theme_id = ${p.add(f.theme)} AND subtheme_id = ${p.add(f.subtheme)})`);
  } else if (f.theme !== undefined) clauses.push(`p.label IN (SELECT label FROM theme_members WHERE theme_id = ${p.add(f.theme)})`);
  return clauses.join(' AND ');
}

/** Below this many allowed papers a filtered search is exact, as in the SQLite index: cheaper than steering HNSW around. */
const EXACT_BELOW = 2000;

/**
 * Nearest papers by cosine. Unfiltered, through the HNSW index; filtered, exact when few papers pass, else
 * through HNSW with pgvector's iterative scan (strict order), which keeps walking the graph until k
 * papers pass; should it still stop short (its tuple budget spent), the search is redone exactly. Call
 * inside a transaction (the settings are local to it).
 */
export async function denseSearch(
  db: Queryable,
  model: PinnedModel,
  ef: number,
  query: Float32Array,
  limit: number,
  filters: SearchFilters | undefined,
  exclude: number | undefined,
  location: string,
): Promise<DenseResult> {
  if (query.length !== model.dims) {
    throw new UserError(`query vector has ${query.length} dims but index ${location} holds ${model.dims}`, 'search with the model the index was built with');
  }
  const p = new Params();
  const conditions = ['p.vector IS NOT NULL', filterSql(filters, p)];
  if (exclude !== undefined) conditions.push(`p.label <> ${p.add(exclude)}`);
  const where = conditions.join(' AND ');
  const filtered = hasFilters(filters) || exclude !== undefined;
  let allowed = Infinity;
  // Leaving out one paper (similar's own) needs no count: all but one pass. Counting them cost 100 ms at 200k papers.
  if (hasFilters(filters)) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM papers p WHERE ${where}`, p.values);
    allowed = Number(rows[0].n);
  }
  const q = p.add(toSql(Array.from(query)));
  const limitParam = p.add(limit);
  const run = async (exact: boolean) => {
    // `+ 0` keeps the planner off the HNSW index: a scan of every allowed row, sorted, is exact.
    const order = exact ? `(p.vector <=> ${q}::vector) + 0, p.label` : `p.vector <=> ${q}::vector`;
    const { rows } = await db.query<{ label: number; score: number }>(
      `SELECT p.label, 1 - (p.vector <=> ${q}::vector) AS score FROM papers p WHERE ${where} ORDER BY ${order} LIMIT ${limitParam}`,
      p.values,
    );
    return rows.map((r) => ({ label: r.label, score: Number(r.score) }));
  };
  if (allowed < EXACT_BELOW) return { hits: await run(true), hnswStale: false };
  await db.query(`SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'strict_order', true), set_config('hnsw.max_scan_tuples', '1000000', true)`, [
    String(Math.min(1000, Math.max(ef, limit))),
  ]);
  const hits = await run(false);
  if (hits.length < Math.min(limit, allowed) && filtered) return { hits: await run(true), hnswStale: false };
  return { hits, hnswStale: false };
}

/** A term in more than this share of papers does not pick candidates (it still counts in their scores). */
const COMMON_SHARE = 0.05;
const K1 = 1.2;
const B = 0.75;

/**
 * Full-text search: PostgreSQL's parser and English stemmer over a generated, GIN-indexed tsvector, ranked by
 * BM25 written in SQL (k1 1.2, b 0.75, each title occurrence counted twice, as FTS5's 2:1 column weights):
 * PostgreSQL's own ranking has no inverse document frequency. The candidates are the papers holding any of
 * the query's rarer terms (in at most 5% of papers; all terms when none is that rare, and again with all
 * terms when too few are found); every term counts in their scores. SciFact train (5,183 abstracts, 809
 * queries) nDCG@10: this 0.698, FTS5's BM25 0.706, ts_rank 0.564, ts_rank_cd 0.425; candidates by every
 * term instead cost 2.5x the time for the same ranking. The average length is taken over the first 1,000
 * papers (over all of them, a read of every tsvector per query). The words are letters and digits only, so
 * they cannot form tsquery operators.
 */
export async function lexicalSearch(db: Queryable, text: string, limit: number, filters: SearchFilters | undefined, titleOnly: boolean): Promise<LexicalHit[]> {
  const words = lexicalWords(text);
  if (words.length === 0) return [];
  const hits = await bm25(db, words, limit, filters, titleOnly, COMMON_SHARE);
  return hits.length < limit ? bm25(db, words, limit, filters, titleOnly, 1) : hits;
}

async function bm25(db: Queryable, words: string[], limit: number, filters: SearchFilters | undefined, titleOnly: boolean, share: number): Promise<LexicalHit[]> {
  const p = new Params();
  const plain = p.add(words.join(' '));
  const maxShare = p.add(share);
  const where = filterSql(filters, p);
  const titleOccurrences = "cardinality(array_positions(x.weights, 'A'))";
  const tf = titleOnly ? titleOccurrences : `cardinality(x.positions) + ${titleOccurrences}`;
  const { rows } = await db.query<{ label: number; score: number }>(
    `WITH stats AS (
       SELECT (SELECT count(*) FROM papers)::float8 AS n, coalesce((SELECT avg(length(fts)) FROM (SELECT fts FROM papers LIMIT 1000) s), 1)::float8 AS avglen
     ),
     terms AS (
       SELECT l.lexeme, d.df, ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) AS idf
       FROM unnest(tsvector_to_array(to_tsvector('english', ${plain}))) AS l(lexeme), stats s,
       LATERAL (SELECT count(*)::float8 AS df FROM papers WHERE fts @@ to_tsquery('simple', quote_literal(l.lexeme))) d
     ),
     pick AS (
       SELECT to_tsquery('simple', string_agg(quote_literal(t.lexeme)${titleOnly ? " || ':A'" : ''}, ' | ')) AS q FROM terms t, stats s
       WHERE t.df <= ${maxShare}::float8 * s.n OR NOT EXISTS (SELECT 1 FROM terms u WHERE u.df <= ${maxShare}::float8 * s.n)
     ),
     candidates AS (SELECT p.label, p.fts FROM papers p, pick WHERE p.fts @@ pick.q AND ${where})
     SELECT c.label, sum(t.idf * (u.tf * ${K1 + 1}) / (u.tf + ${K1} * (1 - ${B} + ${B} * length(c.fts) / s.avglen))) AS score
     FROM candidates c, stats s, LATERAL (SELECT x.lexeme, ${tf} AS tf FROM unnest(c.fts) x) u JOIN terms t ON t.lexeme = u.lexeme
     WHERE u.tf > 0
     GROUP BY c.label ORDER BY score DESC, c.label LIMIT ${p.add(limit)}`,
    p.values,
  );
  return rows.map((r) => ({ label: r.label, score: Number(r.score) }));
}
