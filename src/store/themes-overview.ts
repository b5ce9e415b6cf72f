/** The stored themes as the port returns them, from what either adapter reads of its themes tables. */
import type { KScore, Keyword, ThemeResult } from '../themes/types.js';
import type { StoredSubtheme, StoredTheme, ThemeParams, ThemesOverview } from './records.js';

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
  subthemes: Map<number, StoredSubtheme[]>;
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
      subthemes: o.subthemes.get(r.id) ?? [],
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
