/** The themes tables on PostgreSQL: the last clustering, written in one transaction, read inside a snapshot. */
import { toSql } from 'pgvector';
import type { KScore, Keyword, ThemeResult } from '../../themes/types.js';
import type { Membership, StoredTheme, ThemeMember, ThemeParams, ThemesOverview } from '../records.js';
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
 * Replaces the stored themes; call inside a transaction. `generation` is the one the clustered vectors were
 * read at, so papers another writer committed since leave the themes stale. Papers removed since are left out.
 */
export async function saveThemes(db: Queryable, labels: Int32Array, r: ThemeResult, params: ThemeParams, generation: string): Promise<void> {
  await db.query('DELETE FROM theme_members');
  await db.query('DELETE FROM themes');
  const reps = r.themes.flatMap((t) => t.representatives.map((row) => labels[row]));
  const { rows } = await db.query<{ label: number; id: string }>('SELECT label, id FROM papers WHERE label = ANY($1::int[])', [reps]);
  const idOf = new Map(rows.map((row) => [row.label, row.id]));
  for (const t of r.themes) {
    await db.query('INSERT INTO themes(id, label, size, keywords, representatives, cohesion, centroid, neighbors) VALUES ($1, $2, $3, $4, $5, $6, $7::vector, $8)', [
      t.id,
      t.label,
      t.size,
      JSON.stringify(t.keywords),
      JSON.stringify(t.representatives.map((row) => idOf.get(labels[row])).filter((id) => id !== undefined)),
      t.cohesion,
      toSql(Array.from(t.centroid)),
      JSON.stringify(t.neighbors),
    ]);
  }
  const between = new Map(r.between.map((b) => [b.index, b]));
  const col = (f: (i: number) => number | null) => Array.from(labels, (_, i) => f(i));
  await db.query(
    `INSERT INTO theme_members(label, theme_id, similarity, between_a, between_b, margin)
     SELECT u.* FROM unnest($1::int[], $2::int[], $3::float8[], $4::int[], $5::int[], $6::float8[]) AS u(label, theme_id, similarity, a, b, margin)
     JOIN papers p ON p.label = u.label`,
    [
      Array.from(labels),
      Array.from(r.assignment),
      Array.from(r.similarityToCentroid),
      col((i) => between.get(i)?.themes[0] ?? null),
      col((i) => between.get(i)?.themes[1] ?? null),
      col((i) => between.get(i)?.margin ?? null),
    ],
  );
  await setMeta(db, {
    themes_generation: generation,
    themes_computed_at: new Date().toISOString(),
    themes_k: String(r.k),
    themes_run: JSON.stringify({ chosenBy: r.chosenBy, weakStructureFloor: r.weakStructureFloor, kScores: r.kScores, seed: r.seed, params }),
  });
}

export async function readThemes(db: Queryable, m: Map<string, string>, papers: number): Promise<ThemesOverview | undefined> {
  const { rows } = await db.query<{ id: number; label: string; size: number; keywords: string; representatives: string; cohesion: number; neighbors: string }>(
    'SELECT id, label, size, keywords, representatives, cohesion, neighbors FROM themes ORDER BY id',
  );
  if (rows.length === 0) return undefined;
  const { rows: counts } = await db.query<{ t: number; n: string }>('SELECT theme_id AS t, count(*) AS n FROM theme_members WHERE between_a IS NOT NULL GROUP BY theme_id');
  const betweenCounts = new Map(counts.map((c) => [c.t, Number(c.n)]));
  const repIds = rows.flatMap((r) => JSON.parse(r.representatives) as string[]);
  const { rows: titles } = await db.query<{ id: string; title: string }>('SELECT id, title FROM papers WHERE id = ANY($1::text[])', [repIds]);
  const titleOf = new Map(titles.map((t) => [t.id, t.title]));
  const run = JSON.parse(m.get('themes_run') ?? '{}') as { chosenBy?: ThemeResult['chosenBy']; weakStructureFloor?: number; kScores?: KScore[]; seed?: number; params?: ThemeParams };
  return {
    themes: rows.map((r) => ({
      id: r.id,
      label: r.label,
      size: r.size,
      keywords: JSON.parse(r.keywords) as Keyword[],
      representatives: (JSON.parse(r.representatives) as string[]).map((id) => ({ id, title: titleOf.get(id) ?? '(removed)' })),
      cohesion: r.cohesion,
      neighbors: JSON.parse(r.neighbors) as StoredTheme['neighbors'],
      between: betweenCounts.get(r.id) ?? 0,
    })),
    k: rows.length,
    chosenBy: run.chosenBy ?? 'user',
    weakStructureFloor: run.weakStructureFloor,
    kScores: run.kScores ?? [],
    seed: run.seed ?? 0,
    params: run.params ?? {},
    computedAt: m.get('themes_computed_at') ?? '',
    stale: m.get('themes_generation') !== m.get('generation'),
    papers,
  };
}

export async function themeMembers(db: Queryable, themeId: number, limit: number): Promise<ThemeMember[]> {
  const { rows } = await db.query<{ id: string; title: string; authors: string; year: number | null; similarity: number; between_a: number | null; between_b: number | null }>(
    `SELECT p.id, p.title, p.authors, p.year, m.similarity, m.between_a, m.between_b FROM theme_members m JOIN papers p ON p.label = m.label
     WHERE m.theme_id = $1 ORDER BY m.similarity DESC, p.label LIMIT $2`,
    [themeId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    authors: r.authors ? r.authors.split('; ') : [],
    year: r.year ?? undefined,
    similarity: r.similarity,
    between: r.between_a !== null && r.between_b !== null ? [r.between_a, r.between_b] : undefined,
  }));
}

export async function themeCentroids(db: Queryable): Promise<Float32Array[]> {
  const { rows } = await db.query<{ centroid: string }>('SELECT centroid::text AS centroid FROM themes ORDER BY id');
  return rows.map((r) => parseVector(r.centroid));
}

export async function themesOf(db: Queryable, labels: readonly number[]): Promise<Map<number, { id: number; label: string }>> {
  const out = new Map<number, { id: number; label: string }>();
  if (labels.length === 0) return out;
  const { rows } = await db.query<{ paper: number; id: number; label: string }>(
    'SELECT m.label AS paper, t.id, t.label FROM theme_members m JOIN themes t ON t.id = m.theme_id WHERE m.label = ANY($1::int[])',
    [labels],
  );
  for (const r of rows) out.set(r.paper, { id: r.id, label: r.label });
  return out;
}

export async function themeMembership(db: Queryable): Promise<Map<number, Membership>> {
  const { rows } = await db.query<{ label: number; theme: number; a: number | null; b: number | null }>('SELECT label, theme_id AS theme, between_a AS a, between_b AS b FROM theme_members');
  return new Map(rows.map((r) => [r.label, { theme: r.theme, between: r.a !== null && r.b !== null ? ([r.a, r.b] as [number, number]) : undefined }]));
}
