/** The themes tables: the last clustering, written in one transaction, read inside a snapshot. */
import type { ThemeResult } from '../../themes/types.js';
import { subthemeId, type Membership, type StoredTheme, type ThemeAssignment, type ThemeDate, type ThemeMember, type ThemeParams, type ThemesOverview, type ThemeTag } from '../records.js';
import { subthemeSizes, themesOverview, themesRun, type SubthemeRow, type ThemeCounts, type ThemeRow } from '../themes-overview.js';
import { setMeta, stmt } from './database.js';
import type { PaperIndex } from './paper-index.js';
import { blobToVector, vectorToBlob } from './vectors.js';

/** Replaces the stored themes. Call inside a transaction. */
export function saveThemes(index: PaperIndex, labels: Int32Array, r: ThemeResult, params: ThemeParams): void {
  const db = index.db;
  db.exec('DELETE FROM theme_members; DELETE FROM subthemes; DELETE FROM themes;');
  const idOf = stmt(db, 'SELECT id FROM papers WHERE rowid = ?');
  const reps = (rows: number[]) => JSON.stringify(rows.map((row) => (idOf.get(labels[row]) as { id: string }).id));
  const insertTheme = stmt(db, 'INSERT INTO themes(id, label, size, keywords, representatives, cohesion, centroid, neighbors, far_below) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const t of r.themes) {
    insertTheme.run(t.id, t.label, t.size, JSON.stringify(t.keywords), reps(t.representatives), t.cohesion, vectorToBlob(t.centroid), JSON.stringify(t.neighbors), t.farBelow);
  }
  const insertSub = stmt(db, 'INSERT INTO subthemes(theme_id, id, label, size, keywords, representatives, cohesion, centroid, neighbors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const split of r.subthemes) {
    for (const t of split.themes) {
      insertSub.run(split.parent, t.id, t.label, t.size, JSON.stringify(t.keywords), reps(t.representatives), t.cohesion, vectorToBlob(t.centroid), JSON.stringify(t.neighbors));
    }
  }
  const between = new Map(r.between.map((b) => [b.index, b]));
  const insertMember = stmt(
    db,
    'INSERT INTO theme_members(paper_rowid, theme_id, similarity, between_a, between_b, margin, subtheme_id, sub_similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < labels.length; i++) {
    const b = between.get(i);
    const sub = r.subassignment[i] || null;
    insertMember.run(labels[i], r.assignment[i], r.similarityToCentroid[i], b?.themes[0] ?? null, b?.themes[1] ?? null, b?.margin ?? null, sub, sub && r.subsimilarity[i]);
  }
  setMeta(db, 'themes_generation', String(index.generation));
  setMeta(db, 'themes_computed_at', new Date().toISOString());
  setMeta(db, 'themes_k', String(r.k));
  setMeta(db, 'themes_run', themesRun(r, params));
}

/** The stored themes, largest first, or undefined when none were computed. */
export function readThemes(index: PaperIndex): ThemesOverview | undefined {
  const rows = stmt(index.db, 'SELECT id, label, keywords, representatives, cohesion, neighbors, far_below FROM themes ORDER BY id').all() as ThemeRow[];
  if (rows.length === 0) return undefined;
  const counts = new Map(
    (
      stmt(
        index.db,
        `SELECT m.theme_id AS t, count(*) AS n, count(m.between_a) AS betweens, sum(m.assigned) AS assigned, sum(m.assigned AND m.similarity < t.far_below) AS far
         FROM theme_members m JOIN themes t ON t.id = m.theme_id GROUP BY m.theme_id`,
      ).all() as ({ t: number } & ThemeCounts)[]
    ).map((r) => [r.t, r]),
  );
  return themesOverview({
    rows,
    counts,
    subthemes: stmt(index.db, 'SELECT theme_id, id, label, keywords, representatives, cohesion, neighbors FROM subthemes ORDER BY theme_id, id').all() as SubthemeRow[],
    subthemeSizes: subthemeSizes(
      stmt(index.db, 'SELECT theme_id AS t, subtheme_id AS s, count(*) AS n FROM theme_members WHERE subtheme_id IS NOT NULL GROUP BY theme_id, subtheme_id').all() as { t: number; s: number; n: number }[],
    ),
    run: index.meta('themes_run'),
    representatives: (json) => representativesOf(index, json),
    computedAt: index.meta('themes_computed_at') ?? '',
    placed: placedCounts(index),
    stale: Number(index.meta('themes_generation')) !== index.generation,
    papers: index.countPapers(),
  });
}

function representativesOf(index: PaperIndex, json: string): StoredTheme['representatives'] {
  const titleOf = stmt(index.db, 'SELECT title FROM papers WHERE id = ?');
  return (JSON.parse(json) as string[]).map((id) => ({ id, title: (titleOf.get(id) as { title: string } | undefined)?.title ?? '(removed)' }));
}

/** One theme's papers, nearest its centroid first; or one sub-theme's, nearest the sub-theme's centroid first. */
export function themeMembers(index: PaperIndex, themeId: number, limit: number, subtheme?: number): ThemeMember[] {
  const columns = 'p.id, p.title, p.authors, p.year, m.similarity, m.sub_similarity, m.subtheme_id, m.between_a, m.between_b, m.assigned';
  const from = 'FROM theme_members m JOIN papers p ON p.rowid = m.paper_rowid';
  const rows = (
    subtheme === undefined
      ? stmt(index.db, `SELECT ${columns} ${from} WHERE m.theme_id = ? ORDER BY m.similarity DESC, p.rowid LIMIT ?`).all(themeId, limit)
      : stmt(index.db, `SELECT ${columns} ${from} WHERE m.theme_id = ? AND m.subtheme_id = ? ORDER BY m.sub_similarity DESC, p.rowid LIMIT ?`).all(themeId, subtheme, limit)
  ) as {
    id: string;
    title: string;
    authors: string;
    year: number | null;
    similarity: number;
    sub_similarity: number | null;
    subtheme_id: number | null;
    between_a: number | null;
    between_b: number | null;
    assigned: number;
  }[];
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

/** Centroids of the stored themes (for the report's theme-to-theme heatmap). */
export function themeCentroids(index: PaperIndex): Float32Array[] {
  return (stmt(index.db, 'SELECT centroid FROM themes ORDER BY id').all() as { centroid: Buffer }[]).map((r) => blobToVector(r.centroid));
}

/** The theme (and sub-theme) of each of these papers that has one. */
export function themesOf(index: PaperIndex, labels: readonly number[]): Map<number, ThemeTag> {
  const out = new Map<number, ThemeTag>();
  if (labels.length === 0) return out;
  const rows = stmt(
    index.db,
    `SELECT m.paper_rowid AS rowid, t.id AS id, t.label AS label, s.id AS sub, s.label AS subLabel
     FROM theme_members m JOIN themes t ON t.id = m.theme_id LEFT JOIN subthemes s ON s.theme_id = m.theme_id AND s.id = m.subtheme_id
     WHERE m.paper_rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(labels)) as { rowid: number; id: number; label: string; sub: number | null; subLabel: string | null }[];
  for (const r of rows) {
    out.set(r.rowid, { id: r.id, label: r.label, ...(r.sub !== null ? { subtheme: { id: subthemeId(r.id, r.sub), label: r.subLabel ?? '' } } : {}) });
  }
  return out;
}

/** Every paper's theme, by rowid. */
export function themeMembership(index: PaperIndex): Map<number, Membership> {
  const rows = stmt(index.db, 'SELECT paper_rowid AS rowid, theme_id AS theme, subtheme_id AS sub, between_a AS a, between_b AS b, assigned FROM theme_members').all() as {
    rowid: number;
    theme: number;
    sub: number | null;
    assigned: number;
    a: number | null;
    b: number | null;
  }[];
  return new Map(
    rows.map((r) => [
      r.rowid,
      { theme: r.theme, subtheme: r.sub ?? undefined, between: r.a !== null && r.b !== null ? [r.a, r.b] : undefined, ...(r.assigned ? { assigned: true as const } : {}) },
    ]),
  );
}

/** Members now, and how many of them were placed after the fit rather than fitted (and how many of those far from their theme). */
export function placedCounts(index: PaperIndex): { members: number; assigned: number; far: number } {
  const r = stmt(
    index.db,
    `SELECT count(*) AS members, coalesce(sum(m.assigned), 0) AS assigned, coalesce(sum(m.assigned AND m.similarity < t.far_below), 0) AS far
     FROM theme_members m JOIN themes t ON t.id = m.theme_id`,
  ).get() as { members: number; assigned: number; far: number };
  return r;
}

/** Papers with a vector under the pinned model and no theme: ingested (or whose text changed) since the last fit. */
export function unthemedRows(index: PaperIndex): number[] {
  return (stmt(index.db, 'SELECT p.rowid AS r FROM papers p WHERE NOT EXISTS (SELECT 1 FROM theme_members m WHERE m.paper_rowid = p.rowid) ORDER BY p.rowid').all() as { r: number }[]).map(
    (x) => x.r,
  );
}

/** Sub-theme centroids of each split theme, sub-theme 1 first. */
export function subthemeCentroids(index: PaperIndex): Map<number, Float32Array[]> {
  const out = new Map<number, Float32Array[]>();
  for (const r of stmt(index.db, 'SELECT theme_id AS t, centroid FROM subthemes ORDER BY theme_id, id').all() as { t: number; centroid: Buffer }[]) {
    const list = out.get(r.t) ?? [];
    list.push(blobToVector(r.centroid));
    out.set(r.t, list);
  }
  return out;
}

/** Places papers in themes without refitting: marked assigned. Call inside a transaction. */
export function assignThemes(index: PaperIndex, items: readonly ThemeAssignment[]): void {
  const insert = stmt(
    index.db,
    `INSERT OR REPLACE INTO theme_members(paper_rowid, theme_id, similarity, between_a, between_b, margin, subtheme_id, sub_similarity, assigned)
     VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?, 1)`,
  );
  for (const a of items) insert.run(a.label, a.theme, a.similarity, a.subtheme ?? null, a.subtheme === undefined ? null : a.subSimilarity);
}

/** Every themed paper's theme and date. */
export function themeDates(index: PaperIndex): ThemeDate[] {
  const rows = stmt(index.db, `SELECT m.theme_id AS theme, json_extract(p.doc, '$.date') AS date, p.year AS year FROM theme_members m JOIN papers p ON p.rowid = m.paper_rowid`).all() as {
    theme: number;
    date: string | null;
    year: number | null;
  }[];
  return rows.map((r) => ({ theme: r.theme, ...(r.date !== null && { date: r.date }), ...(r.year !== null && { year: r.year }) }));
}
