/** The themes tables: the last clustering, written in one transaction, read inside a snapshot. */
import type { KScore, Keyword, ThemeResult } from '../../themes/types.js';
import type { Membership, StoredTheme, ThemeMember, ThemeParams, ThemesOverview } from '../records.js';
import { setMeta, stmt } from './database.js';
import type { PaperIndex } from './paper-index.js';
import { blobToVector, vectorToBlob } from './vectors.js';

/** Replaces the stored themes. Call inside a transaction. */
export function saveThemes(index: PaperIndex, labels: Int32Array, r: ThemeResult, params: ThemeParams): void {
  const db = index.db;
  db.exec('DELETE FROM theme_members; DELETE FROM themes;');
  const idOf = stmt(db, 'SELECT id FROM papers WHERE rowid = ?');
  const insertTheme = stmt(db, 'INSERT INTO themes(id, label, size, keywords, representatives, cohesion, centroid, neighbors) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const t of r.themes) {
    const reps = t.representatives.map((row) => (idOf.get(labels[row]) as { id: string }).id);
    insertTheme.run(t.id, t.label, t.size, JSON.stringify(t.keywords), JSON.stringify(reps), t.cohesion, vectorToBlob(t.centroid), JSON.stringify(t.neighbors));
  }
  const between = new Map(r.between.map((b) => [b.index, b]));
  const insertMember = stmt(db, 'INSERT INTO theme_members(paper_rowid, theme_id, similarity, between_a, between_b, margin) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < labels.length; i++) {
    const b = between.get(i);
    insertMember.run(labels[i], r.assignment[i], r.similarityToCentroid[i], b?.themes[0] ?? null, b?.themes[1] ?? null, b?.margin ?? null);
  }
  setMeta(db, 'themes_generation', String(index.generation));
  setMeta(db, 'themes_computed_at', new Date().toISOString());
  setMeta(db, 'themes_k', String(r.k));
  setMeta(db, 'themes_run', JSON.stringify({ chosenBy: r.chosenBy, weakStructureFloor: r.weakStructureFloor, kScores: r.kScores, seed: r.seed, params }));
}

/** The stored themes, largest first, or undefined when none were computed. */
export function readThemes(index: PaperIndex): ThemesOverview | undefined {
  const rows = stmt(index.db, 'SELECT id, label, size, keywords, representatives, cohesion, neighbors FROM themes ORDER BY id').all() as {
    id: number;
    label: string;
    size: number;
    keywords: string;
    representatives: string;
    cohesion: number;
    neighbors: string;
  }[];
  if (rows.length === 0) return undefined;
  const betweenCounts = new Map(
    (stmt(index.db, 'SELECT theme_id AS t, count(*) AS n FROM theme_members WHERE between_a IS NOT NULL GROUP BY theme_id').all() as { t: number; n: number }[]).map((r) => [r.t, r.n]),
  );
  const titleOf = stmt(index.db, 'SELECT title FROM papers WHERE id = ?');
  const run = JSON.parse(index.meta('themes_run') ?? '{}') as {
    chosenBy?: ThemeResult['chosenBy'];
    weakStructureFloor?: number;
    kScores?: KScore[];
    seed?: number;
    params?: ThemeParams;
  };
  return {
    themes: rows.map((r) => ({
      id: r.id,
      label: r.label,
      size: r.size,
      keywords: JSON.parse(r.keywords) as Keyword[],
      representatives: (JSON.parse(r.representatives) as string[]).map((id) => ({ id, title: (titleOf.get(id) as { title: string } | undefined)?.title ?? '(removed)' })),
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
    computedAt: index.meta('themes_computed_at') ?? '',
    stale: Number(index.meta('themes_generation')) !== index.generation,
    papers: index.countPapers(),
  };
}

/** One theme's papers, nearest its centroid first. */
export function themeMembers(index: PaperIndex, themeId: number, limit: number): ThemeMember[] {
  const rows = stmt(
    index.db,
    `SELECT p.id, p.title, p.authors, p.year, m.similarity, m.between_a, m.between_b FROM theme_members m JOIN papers p ON p.rowid = m.paper_rowid
     WHERE m.theme_id = ? ORDER BY m.similarity DESC, p.rowid LIMIT ?`,
  ).all(themeId, limit) as { id: string; title: string; authors: string; year: number | null; similarity: number; between_a: number | null; between_b: number | null }[];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    authors: r.authors ? r.authors.split('; ') : [],
    year: r.year ?? undefined,
    similarity: r.similarity,
    between: r.between_a !== null && r.between_b !== null ? [r.between_a, r.between_b] : undefined,
  }));
}

/** Centroids of the stored themes (for the report's theme-to-theme heatmap). */
export function themeCentroids(index: PaperIndex): Float32Array[] {
  return (stmt(index.db, 'SELECT centroid FROM themes ORDER BY id').all() as { centroid: Buffer }[]).map((r) => blobToVector(r.centroid));
}

/** The theme of each of these papers that has one. */
export function themesOf(index: PaperIndex, labels: readonly number[]): Map<number, { id: number; label: string }> {
  const out = new Map<number, { id: number; label: string }>();
  if (labels.length === 0) return out;
  const rows = stmt(
    index.db,
    `SELECT m.paper_rowid AS rowid, t.id AS id, t.label AS label FROM theme_members m JOIN themes t ON t.id = m.theme_id
     WHERE m.paper_rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(labels)) as { rowid: number; id: number; label: string }[];
  for (const r of rows) out.set(r.rowid, { id: r.id, label: r.label });
  return out;
}

/** Every paper's theme, by rowid. */
export function themeMembership(index: PaperIndex): Map<number, Membership> {
  const rows = stmt(index.db, 'SELECT paper_rowid AS rowid, theme_id AS theme, between_a AS a, between_b AS b FROM theme_members').all() as {
    rowid: number;
    theme: number;
    a: number | null;
    b: number | null;
  }[];
  return new Map(rows.map((r) => [r.rowid, { theme: r.theme, between: r.a !== null && r.b !== null ? [r.a, r.b] : undefined }]));
}
