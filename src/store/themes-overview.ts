/** The stored themes as the port returns them, from what either adapter reads of its themes tables. */
import type { KScore, Keyword, ThemeResult } from '../themes/types.js';
import { subthemeId, type StoredSubtheme, type StoredTheme, type ThemeParams, type ThemesOverview } from './records.js';

/** A row of the themes table, JSON columns still encoded. */
export interface ThemeRow {
  id: number;
  label: string;
  keywords: string;
  representatives: string;
  cohesion: number;
  neighbors: string;
  far_below: number | null;
}

/** A row of the subthemes table, JSON columns still encoded. */
export interface SubthemeRow {
  theme_id: number;
  id: number;
  label: string;
  keywords: string;
  representatives: string;
  cohesion: number;
  neighbors: string;
}

/** Per theme: members now (fitted and placed), those between two themes, those placed, those placed far. */
export interface ThemeCounts {
  n: number;
  betweens: number;
  assigned: number;
  far: number | null;
}

interface ThemesRun {
  chosenBy?: ThemeResult['chosenBy'];
  weakStructureFloor?: number;
  kScores?: KScore[];
  seed?: number;
  params?: ThemeParams;
  /** Absent for themes stored before sub-themes existed. */
  splits?: (NonNullable<StoredTheme['split']> & { parent: number })[];
}

export interface OverviewParts {
  rows: ThemeRow[];
  counts: Map<number, ThemeCounts>;
  /** By theme id, then sub-theme id. */
  subthemes: SubthemeRow[];
  /** Members of each sub-theme now, by its id (`3.1`). */
  subthemeSizes: Map<string, number>;
  /** The themes_run meta value (JSON), as saveThemes wrote it. */
  run: string | undefined;
  representatives: (json: string) => StoredTheme['representatives'];
  computedAt: string;
  placed: { members: number; assigned: number; far: number };
  stale: boolean;
  papers: number;
}

/** The themes_run meta value saveThemes writes (JSON), read back by themesOverview. */
export function themesRun(r: ThemeResult, params: ThemeParams): string {
  const splits = r.unsplit ? undefined : r.subthemes.map((s) => ({ parent: s.parent, k: s.k, chosenBy: s.chosenBy, kScores: s.kScores }));
  const run: ThemesRun = { chosenBy: r.chosenBy, weakStructureFloor: r.weakStructureFloor, kScores: r.kScores, seed: r.seed, params, splits };
  return JSON.stringify(run);
}

export function themesOverview(o: OverviewParts): ThemesOverview {
  const run = JSON.parse(o.run ?? '{}') as ThemesRun;
  const splitOf = new Map((run.splits ?? []).map(({ parent, ...split }) => [parent, split]));
  const subthemesOf = storedSubthemes(o);
  return {
    themes: o.rows.map((r) => ({
      id: r.id,
      label: r.label,
      // Members now: the fitted ones still stored and the papers placed since.
      size: o.counts.get(r.id)?.n ?? 0,
      keywords: JSON.parse(r.keywords) as Keyword[],
      representatives: o.representatives(r.representatives),
      cohesion: r.cohesion,
      neighbors: JSON.parse(r.neighbors) as StoredTheme['neighbors'],
      between: o.counts.get(r.id)?.betweens ?? 0,
      assigned: o.counts.get(r.id)?.assigned ?? 0,
      far: o.counts.get(r.id)?.far ?? 0,
      ...(r.far_below !== null && { farBelow: r.far_below }),
      level: 0 as const,
      subthemes: subthemesOf.get(r.id) ?? [],
      split: splitOf.get(r.id),
    })),
    levels: run.splits ? 2 : 1,
    k: o.rows.length,
    chosenBy: run.chosenBy ?? 'user',
    weakStructureFloor: run.weakStructureFloor,
    kScores: run.kScores ?? [],
    seed: run.seed ?? 0,
    params: run.params ?? {},
    computedAt: o.computedAt,
    ...o.placed,
    stale: o.stale,
    papers: o.papers,
  };
}

/** Sub-theme sizes by id (`3.1`), from counted theme_members rows (a count may come back as text). */
export function subthemeSizes(counted: { t: number; s: number; n: number | string }[]): Map<string, number> {
  return new Map(counted.map((r) => [subthemeId(r.t, r.s), Number(r.n)]));
}

/** Every theme's sub-themes, largest first, by theme id. */
function storedSubthemes(o: OverviewParts): Map<number, StoredSubtheme[]> {
  const out = new Map<number, StoredSubtheme[]>();
  for (const r of o.subthemes) {
    const list = out.get(r.theme_id) ?? [];
    list.push({
      id: subthemeId(r.theme_id, r.id),
      theme: r.theme_id,
      index: r.id,
      level: 1,
      label: r.label,
      size: o.subthemeSizes.get(subthemeId(r.theme_id, r.id)) ?? 0,
      keywords: JSON.parse(r.keywords) as Keyword[],
      representatives: o.representatives(r.representatives),
      cohesion: r.cohesion,
      neighbors: (JSON.parse(r.neighbors) as { theme: number; similarity: number }[]).map((n) => ({ id: subthemeId(r.theme_id, n.theme), similarity: n.similarity })),
    });
    out.set(r.theme_id, list);
  }
  return out;
}
