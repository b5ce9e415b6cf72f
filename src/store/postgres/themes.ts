/** The themes tables on PostgreSQL: the last clustering, written in one transaction, read inside a snapshot. */
import { toSql } from 'pgvector';
import type { Theme, ThemeResult } from '../../themes/types.js';
import { subthemeId, type Membership, type StoredTheme, type ThemeAssignment, type ThemeDate, type ThemeMember, type ThemeParams, type ThemesOverview, type ThemeTag } from '../records.js';
import { subthemeSizes, themesOverview, themesRun, type SubthemeRow, type ThemeRow } from '../themes-overview.js';
import type { Queryable } from './connection.js';
import { parseVector } from './vectors.js';

export async function meta(db: Queryable): Promise<Map<string, string>> {
  const { rows } = await db.query<{ key: string; value: string }>('SELECT key, value FROM meta');
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function setMeta(db: Queryable, entries: Record<string, string>): Promise<void> {
  const keys = Object.keys(entries);
  await db.query('INSERT INTO meta(key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
    keys,
    keys.map((k) => entries[k]),
  ]);
}

/**
 * Replaces the stored themes and their sub-themes; call inside a transaction. `generation` is the one the
 * clustered vectors were read at, so papers another writer committed since leave the themes stale. Papers
 * removed since are left out.
 */
export async function saveThemes(db: Queryable, labels: Int32Array, r: ThemeResult, params: ThemeParams, generation: string): Promise<void> {
  await db.query('DELETE FROM theme_members');
  await db.query('DELETE FROM subthemes');
  await db.query('DELETE FROM themes');
  const all = [...r.themes, ...r.subthemes.flatMap((s) => s.themes)];
  const { rows } = await db.query<{ label: number; id: string }>('SELECT label, id FROM papers WHERE label = ANY($1::int[])', [all.flatMap((t) => t.representatives.map((row) => labels[row]))]);
  const idOf = new Map(rows.map((row) => [row.label, row.id]));
  const reps = (t: Theme) => JSON.stringify(t.representatives.map((row) => idOf.get(labels[row])).filter((id) => id !== undefined));
  for (const t of r.themes) {
    await db.query(
      'INSERT INTO themes(id, label, size, keywords, representatives, cohesion, centroid, neighbors, far_below) VALUES ($1, $2, $3, $4, $5, $6, $7::vector, $8, $9)',
      [t.id, t.label, t.size, JSON.stringify(t.keywords), reps(t), t.cohesion, toSql(Array.from(t.centroid)), JSON.stringify(t.neighbors), t.farBelow],
    );
  }
  for (const split of r.subthemes) {
    for (const t of split.themes) {
      await db.query(
        'INSERT INTO subthemes(theme_id, id, label, size, keywords, representatives, cohesion, centroid, neighbors) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::vector, $9)',
        [split.parent, t.id, t.label, t.size, JSON.stringify(t.keywords), reps(t), t.cohesion, toSql(Array.from(t.centroid)), JSON.stringify(t.neighbors)],
      );
    }
  }
  const between = new Map(r.between.map((b) => [b.index, b]));
  const col = (f: (i: number) => number | null) => Array.from(labels, (_, i) => f(i));
  await db.query(
    `INSERT INTO theme_members(label, theme_id, similarity, between_a, between_b, margin, subtheme_id, sub_similarity)
     SELECT u.* FROM unnest($1::int[], $2::int[], $3::float8[], $4::int[], $5::int[], $6::float8[], $7::int[], $8::float8[]) AS u(label, theme_id, similarity, a, b, margin, sub, sub_similarity)
     JOIN papers p ON p.label = u.label`,
    [
      Array.from(labels),
      Array.from(r.assignment),
      Array.from(r.similarityToCentroid),
      col((i) => between.get(i)?.themes[0] ?? null),
      col((i) => between.get(i)?.themes[1] ?? null),
      col((i) => between.get(i)?.margin ?? null),
      // 0: the theme was not split.
      col((i) => r.subassignment[i] || null),
      col((i) => (r.subassignment[i] ? r.subsimilarity[i] : null)),
    ],
  );
  await setMeta(db, {
    themes_generation: generation,
    themes_computed_at: new Date().toISOString(),
    themes_k: String(r.k),
    themes_run: themesRun(r, params),
  });
}

export async function readThemes(db: Queryable, m: Map<string, string>, papers: number): Promise<ThemesOverview | undefined> {
  const { rows } = await db.query<ThemeRow>('SELECT id, label, keywords, representatives, cohesion, neighbors, far_below FROM themes ORDER BY id');
  if (rows.length === 0) return undefined;
  const { rows: counted } = await db.query<{ t: number; n: string; betweens: string; assigned: string; far: string }>(
    `SELECT m.theme_id AS t, count(*) AS n, count(m.between_a) AS betweens, count(*) FILTER (WHERE m.assigned) AS assigned,
            count(*) FILTER (WHERE m.assigned AND m.similarity < t.far_below) AS far
     FROM theme_members m JOIN themes t ON t.id = m.theme_id GROUP BY m.theme_id`,
  );
  const counts = new Map(counted.map((c) => [c.t, { n: Number(c.n), betweens: Number(c.betweens), assigned: Number(c.assigned), far: Number(c.far) }]));
  const { rows: subthemes } = await db.query<SubthemeRow>('SELECT theme_id, id, label, keywords, representatives, cohesion, neighbors FROM subthemes ORDER BY theme_id, id');
  const { rows: sized } = await db.query<{ t: number; s: number; n: string }>(
    'SELECT theme_id AS t, subtheme_id AS s, count(*) AS n FROM theme_members WHERE subtheme_id IS NOT NULL GROUP BY theme_id, subtheme_id',
  );
  const titleOf = await titlesOf(db, [...rows, ...subthemes].map((r) => r.representatives));
  return themesOverview({
    rows,
    counts,
    subthemes,
    subthemeSizes: subthemeSizes(sized),
    run: m.get('themes_run'),
    representatives: titleOf,
    computedAt: m.get('themes_computed_at') ?? '',
    placed: await placedCounts(db),
    stale: m.get('themes_generation') !== m.get('generation'),
    papers,
  });
}

/** The representatives' titles, in one query: a JSON list of paper ids to `{ id, title }`s. */
async function titlesOf(db: Queryable, lists: string[]): Promise<(json: string) => StoredTheme['representatives']> {
  const ids = lists.flatMap((json) => JSON.parse(json) as string[]);
  const { rows } = await db.query<{ id: string; title: string }>('SELECT id, title FROM papers WHERE id = ANY($1::text[])', [ids]);
  const titleOf = new Map(rows.map((t) => [t.id, t.title]));
  return (json) => (JSON.parse(json) as string[]).map((id) => ({ id, title: titleOf.get(id) ?? '(removed)' }));
}

/** Members now, and how many of them were placed after the fit rather than fitted (and how many of those far from their theme). */
export async function placedCounts(db: Queryable): Promise<{ members: number; assigned: number; far: number }> {
  const { rows } = await db.query<{ members: string; assigned: string; far: string }>(
    `SELECT count(*) AS members, count(*) FILTER (WHERE m.assigned) AS assigned, count(*) FILTER (WHERE m.assigned AND m.similarity < t.far_below) AS far
     FROM theme_members m JOIN themes t ON t.id = m.theme_id`,
  );
  return { members: Number(rows[0].members), assigned: Number(rows[0].assigned), far: Number(rows[0].far) };
}

/** One theme's papers, nearest its centroid first; or one sub-theme's, nearest the sub-theme's centroid first. */
export async function themeMembers(db: Queryable, themeId: number, limit: number, subtheme?: number): Promise<ThemeMember[]> {
  const select = `SELECT p.id, p.title, p.authors, p.year, m.similarity, m.sub_similarity, m.subtheme_id, m.between_a, m.between_b, m.assigned
    FROM theme_members m JOIN papers p ON p.label = m.label`;
  const { rows } = await db.query<{
    id: string;
    title: string;
    authors: string;
    year: number | null;
    similarity: number;
    sub_similarity: number | null;
    subtheme_id: number | null;
    between_a: number | null;
    between_b: number | null;
    assigned: boolean;
  }>(
    subtheme === undefined
      ? `${select} WHERE m.theme_id = $1 ORDER BY m.similarity DESC, p.label LIMIT $2`
      : `${select} WHERE m.theme_id = $1 AND m.subtheme_id = $3 ORDER BY m.sub_similarity DESC, p.label LIMIT $2`,
    subtheme === undefined ? [themeId, limit] : [themeId, limit, subtheme],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    authors: r.authors ? r.authors.split('; ') : [],
    year: r.year ?? undefined,
    similarity: subtheme === undefined ? r.similarity : (r.sub_similarity ?? r.similarity),
    between: r.between_a !== null && r.between_b !== null ? [r.between_a, r.between_b] : undefined,
    subtheme: r.subtheme_id !== null ? subthemeId(themeId, r.subtheme_id) : undefined,
    ...(r.assigned ? { assigned: true as const } : {}),
  }));
}

export async function themeCentroids(db: Queryable): Promise<Float32Array[]> {
  const { rows } = await db.query<{ centroid: string }>('SELECT centroid::text AS centroid FROM themes ORDER BY id');
  return rows.map((r) => parseVector(r.centroid));
}

/** Sub-theme centroids of each split theme, sub-theme 1 first. */
export async function subthemeCentroids(db: Queryable): Promise<Map<number, Float32Array[]>> {
  const { rows } = await db.query<{ t: number; centroid: string }>('SELECT theme_id AS t, centroid::text AS centroid FROM subthemes ORDER BY theme_id, id');
  const out = new Map<number, Float32Array[]>();
  for (const r of rows) {
    const list = out.get(r.t) ?? [];
    list.push(parseVector(r.centroid));
    out.set(r.t, list);
  }
  return out;
}

export async function themesOf(db: Queryable, labels: readonly number[]): Promise<Map<number, ThemeTag>> {
  const out = new Map<number, ThemeTag>();
  if (labels.length === 0) return out;
  const { rows } = await db.query<{ paper: number; id: number; label: string; sub: number | null; sub_label: string | null }>(
    `SELECT m.label AS paper, t.id, t.label, s.id AS sub, s.label AS sub_label
     FROM theme_members m JOIN themes t ON t.id = m.theme_id LEFT JOIN subthemes s ON s.theme_id = m.theme_id AND s.id = m.subtheme_id
     WHERE m.label = ANY($1::int[])`,
    [labels],
  );
  for (const r of rows) {
    out.set(r.paper, { id: r.id, label: r.label, ...(r.sub !== null ? { subtheme: { id: subthemeId(r.id, r.sub), label: r.sub_label ?? '' } } : {}) });
  }
  return out;
}

export async function themeMembership(db: Queryable): Promise<Map<number, Membership>> {
  const { rows } = await db.query<{ label: number; theme: number; sub: number | null; a: number | null; b: number | null; assigned: boolean }>(
    'SELECT label, theme_id AS theme, subtheme_id AS sub, between_a AS a, between_b AS b, assigned FROM theme_members',
  );
  return new Map(
    rows.map((r) => [
      r.label,
      { theme: r.theme, subtheme: r.sub ?? undefined, between: r.a !== null && r.b !== null ? ([r.a, r.b] as [number, number]) : undefined, ...(r.assigned ? { assigned: true as const } : {}) },
    ]),
  );
}

/** Labels of the papers with a vector and no theme: ingested (or whose text changed) since the last fit. */
export async function unthemedLabels(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ label: number }>(
    'SELECT p.label FROM papers p WHERE p.vector IS NOT NULL AND NOT EXISTS (SELECT 1 FROM theme_members m WHERE m.label = p.label) ORDER BY p.label',
  );
  return rows.map((r) => r.label);
}

/** Places papers in themes without refitting, marked assigned (a paper removed meanwhile is skipped). Call inside a transaction. */
export async function assignThemes(db: Queryable, items: readonly ThemeAssignment[]): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    `INSERT INTO theme_members(label, theme_id, similarity, subtheme_id, sub_similarity, assigned)
     SELECT u.*, true FROM unnest($1::int[], $2::int[], $3::float8[], $4::int[], $5::float8[]) AS u(label, theme_id, similarity, sub, sub_similarity)
     JOIN papers p ON p.label = u.label
     ON CONFLICT (label) DO UPDATE SET theme_id = excluded.theme_id, similarity = excluded.similarity, between_a = NULL, between_b = NULL, margin = NULL,
       subtheme_id = excluded.subtheme_id, sub_similarity = excluded.sub_similarity, assigned = true`,
    [
      items.map((a) => a.label),
      items.map((a) => a.theme),
      items.map((a) => a.similarity),
      items.map((a) => a.subtheme ?? null),
      items.map((a) => (a.subtheme === undefined ? null : (a.subSimilarity ?? null))),
    ],
  );
}

/** Every themed paper's theme and date (the date as the source said it, from the paper's document). */
export async function themeDates(db: Queryable): Promise<ThemeDate[]> {
  const { rows } = await db.query<{ theme: number; date: string | null; year: number | null }>(
    `SELECT m.theme_id AS theme, p.doc::jsonb ->> 'date' AS date, p.year FROM theme_members m JOIN papers p ON p.label = m.label`,
  );
  return rows.map((r) => ({ theme: r.theme, ...(r.date !== null && { date: r.date }), ...(r.year !== null && { year: r.year }) }));
}
