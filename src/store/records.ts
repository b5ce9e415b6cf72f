/**
 * The data an index holds, as every storage backend hands it over (see port.ts for the operations).
 * Plain data: no connection, no statement, nothing a second backend could not produce.
 */
import type { Paper } from '../corpus/paper.js';
import type { Dtype } from '../embed/registry.js';
import type { KScore, Keyword, PaperText, ThemeOptions, ThemeResult } from '../themes/types.js';
import type { RefitCounts } from '../themes/stable-ids.js';
import type { Neighbor } from '../vectors/exact.js';
import type { NeighborGraph, NeighborMethod } from '../vectors/neighbor-graph.js';

export type { Neighbor, NeighborGraph, NeighborMethod, PaperText };

/** The model an index was built with: its vectors compare only with vectors of the same model. */
export interface PinnedModel {
  id: string;
  dtype: Dtype;
  dims: number;
  /** `id@dtype`: the key of this model's vectors in the vector cache. */
  key: string;
}

/**
 * A stored paper. `label` is its number in the vector index, given when it is first stored and never
 * reused, so search results name papers by it.
 */
export interface StoredPaper {
  label: number;
  /** Hash of the embedded text (title and abstract): the key of its cached vector. */
  hash: string;
  paper: Paper;
  addedAt: string;
  updatedAt: string;
}

/** How results show a paper: what a reader scans before opening it. */
export interface PaperCard {
  id: string;
  title: string;
  authors: string[];
  year?: number;
  date?: string;
  categories: string[];
  url?: string;
}

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
  /** With `theme`: only its sub-theme of this number (`3.1` is theme 3, subtheme 1). */
  subtheme?: number;
}

export function hasFilters(f: SearchFilters | undefined): f is SearchFilters {
  return !!f && (f.yearFrom !== undefined || f.yearTo !== undefined || !!f.categories?.length || !!f.authors?.length || f.hasCode !== undefined || f.theme !== undefined || f.subtheme !== undefined);
}

export interface DenseResult {
  /** Nearest first. */
  hits: Neighbor[];
  /** True when the search was exact because the approximate (HNSW) index lags behind the stored vectors. */
  hnswStale: boolean;
}

export interface LexicalHit {
  label: number;
  /** The backend's text relevance (BM25 for SQLite): higher is better; comparable within one result list only. */
  score: number;
}

/** The vectors of many papers as one row-major matrix: row i belongs to `labels[i]`. */
export interface VectorMatrix {
  labels: Int32Array;
  matrix: Float32Array;
}

/** Each of a set of papers' nearest other papers, and how they were found. */
export interface NeighborSearch {
  graph: NeighborGraph;
  method: NeighborMethod;
  /** Threads that did the searching. */
  threads: number;
  /** The index's own vector index could not be used because it lags behind the stored vectors (reindex fixes it). */
  behind: boolean;
}

/** A theme as stored and shown: representatives are paper ids, not row numbers. */
export interface StoredTheme {
  id: number;
  label: string;
  size: number;
  keywords: Keyword[];
  representatives: { id: string; title: string }[];
  cohesion: number;
  neighbors: { theme: number; similarity: number }[];
  /** Members that sit between this theme and another. */
  between: number;
  /** Of `size`, the papers placed in it after the fit (ingested since), not fitted. */
  assigned: number;
  /** Of those, the ones farther from its centre than 95% of its fitted papers. */
  far: number;
  /** The cosine under which `far` counts a placed paper (Theme.farBelow); absent for themes stored before it. */
  farBelow?: number;
  /** 0 for a theme; its sub-themes are level 1. */
  level: 0;
  /** Its own split by id: largest first at the first fit, ids kept by a refit ([] when the theme has under 40 papers or was stored before sub-themes). */
  subthemes: StoredSubtheme[];
  /** How the sub-themes' k was chosen (the candidates compared, as for the themes); absent when not split. */
  split?: { k: number; chosenBy: ThemeResult['chosenBy']; kScores: KScore[] };
}

/** A sub-theme: one part of a theme, found by clustering that theme's papers alone. */
export interface StoredSubtheme {
  /** `3.1`: theme 3, sub-theme 1 (the largest at the first fit). What `theme` and `search --theme` take. */
  id: string;
  /** The theme it is part of. */
  theme: number;
  /** 1-based within the theme. */
  index: number;
  level: 1;
  label: string;
  size: number;
  /** c-TF-IDF against its sibling sub-themes: what sets it apart inside the theme. */
  keywords: Keyword[];
  representatives: { id: string; title: string }[];
  cohesion: number;
  /** Sibling sub-themes by centroid cosine, most similar first. */
  neighbors: { id: string; similarity: number }[];
}

/** A themed paper's theme and date, for themes over time. */
export interface ThemeDate {
  theme: number;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as the source said. */
  date?: string;
  year?: number;
}

/** Advice to refit after papers were placed without a refit. */
export interface RefreshAdvice {
  recommended: boolean;
  /** What the advice rests on, as a sentence. */
  reason: string;
}

/** Where an ingest placed one paper without refitting: its nearest theme, and that theme's nearest sub-theme. */
export interface ThemeAssignment {
  label: number;
  theme: number;
  similarity: number;
  subtheme?: number;
  subSimilarity?: number;
}

/** How a sub-theme is named, in every adapter and message: `3.1` is theme 3, sub-theme 1. */
export function subthemeId(theme: number, sub: number): string {
  return `${theme}.${sub}`;
}

/** A paper's place in the themes, as search hits show it. */
export interface ThemeTag {
  id: number;
  label: string;
  subtheme?: { id: string; label: string };
}

/** How the stored themes' k was asked for: a k, a range to choose from, a seed (omitted: the defaults). */
export interface ThemeParams extends Pick<ThemeOptions, 'k' | 'kRange' | 'seed'> {}

export interface ThemesOverview {
  themes: StoredTheme[];
  k: number;
  chosenBy: ThemeResult['chosenBy'];
  /** Set when no k showed clear structure and k was chosen among k >= this (see themes/choose-k.ts). */
  weakStructureFloor?: number;
  kScores: KScore[];
  seed: number;
  /** What the user asked for when these themes were computed. */
  params: ThemeParams;
  computedAt: string;
  /** Papers in a theme now (fitted ones and those placed since). */
  members: number;
  /** Papers placed in their nearest theme by an ingest after the fit, not fitted (see `assigned` of each theme). */
  assigned: number;
  /** Placed papers farther from their theme's centre than 95% of its fitted papers: a new theme may be forming. */
  far: number;
  /** Whether `themes --refresh` is advised now, and why (see app/themes.ts: refreshAdvice). */
  refresh?: RefreshAdvice;
  /** 2 when sub-themes were computed with the themes; 1 for themes stored before sub-themes existed. */
  levels: 1 | 2;
  /** Papers were added, changed or removed since the themes were computed. */
  stale: boolean;
  papers: number;
  seconds?: number;
  /**
   * After a refit: of the previous fit's themes, how many kept their id (their members overlap a new theme's,
   * Jaccard >= 0.5); of its sub-themes, how many kept theirs (the same rule inside a theme that kept its id).
   */
  refit?: RefitCounts;
}

export interface ThemeMember {
  id: string;
  title: string;
  authors: string[];
  year?: number;
  similarity: number;
  between?: [number, number];
  /** Its sub-theme (`3.1`) when its theme is split. */
  subtheme?: string;
  /** Placed by an ingest after the fit (nearest centroid), not fitted. */
  assigned?: true;
}

/** A paper's theme, and the two themes it sits between when it does. */
export interface Membership {
  theme: number;
  /** 1-based sub-theme within `theme`, when it is split. */
  subtheme?: number;
  /** Placed by an ingest after the fit, not fitted (copy keeps it so). */
  assigned?: true;
  between?: [number, number];
}

/**
 * The vector index's state: `fresh` (reflects every committed change), `behind` (an ingest was interrupted:
 * searches are exact until the next ingest or `reindex` rebuilds it), `missing` or `damaged` (truncated,
 * edited or from another index: `reindex` rebuilds it).
 */
export type HnswState = 'fresh' | 'behind' | 'missing' | 'damaged';

/** What `paperscope info` shows (and `--json` emits). */
export interface IndexInfo {
  dir: string;
  papers: number;
  model?: { id: string; dtype: string; dims: number };
  schemaVersion: number;
  createdAt?: string;
  updatedAt?: string;
  sizes: { databaseBytes: number; hnswBytes: number };
  /** `fresh` is `state === 'fresh'`. */
  hnsw?: { file: string; vectors: number; fresh: boolean; state: HnswState; m: number; efConstruction: number; ef: number };
  cachedEmbeddings: number;
  themes?: { count: number; computedAt?: string; stale: boolean; k?: number; members: number; assigned: number; far: number; refresh?: RefreshAdvice };
}

/** What `paperscope info <paper>` shows: the paper as stored, every name it is found by, and where it was read. */
export interface PaperInfo {
  paper: Paper;
  /** Its id, arXiv id, DOI, PubMed id and the ids its sources gave it: `similar` and `remove` take any of them. */
  names: string[];
  addedAt: string;
  updatedAt: string;
  embedded: boolean;
}

export type PutOutcome = 'new' | 'updated' | 'unchanged';
