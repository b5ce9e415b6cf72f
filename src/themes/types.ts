import type { BetweenPaper } from './between.js';
import type { KScore } from './choose-k.js';
import type { CollectionTerms, Keyword } from './keywords.js';

export type { BetweenPaper, KScore, Keyword };
export type { PaperText } from './term-counts.js';

export interface ThemeOptions {
  /** Exact number of themes (1..n); overrides kRange. Omit to choose by silhouette. */
  k?: number;
  /** Candidate range for the automatic choice, inclusive; default 2..clamp(floor(sqrt(2n)), 2, 30). */
  kRange?: [number, number];
  /** Everything random derives from it (used as a 32-bit unsigned integer); default 42. */
  seed?: number;
  /** k-means++ restarts of the final fit, lowest inertia kept; default 4. Each candidate k gets half. */
  restarts?: number;
  /** Papers on which silhouette is computed when choosing k; default 2,000. */
  sampleSize?: number;
  /** Papers on which k-means is fitted before the passes over all papers; default 5,000. */
  fitSampleSize?: number;
  /** Default 10. */
  keywordsPerTheme?: number;
  /** "Between themes" when 1 − cos₁ >= ratio × (1 − cos₂); default 0.9. See between.ts. */
  betweenRatio?: number;
  /** Split themes of at least this many papers into sub-themes; default 40 (see subthemes.ts). Infinity: none. */
  minSubthemePapers?: number;
  /** Internal: the whole collection's term totals, when these papers are one theme being split. */
  keywordBackground?: CollectionTerms;
}

/** One theme's own split: the same machinery run on its papers alone. */
export interface Subthemes {
  /** Id of the theme that was split. */
  parent: number;
  k: number;
  kScores: KScore[];
  chosenBy: ThemeResult['chosenBy'];
  /**
   * By `id`, 1-based (shown as `3.1`): largest first at the first fit; after a refit, sub-themes that stayed the
   * same keep their id (stable-ids.ts). `neighbors` name sibling sub-themes by that id, `representatives` are
   * rows of the whole collection.
   */
  themes: Theme[];
}

export interface Theme {
  /** 0 = largest theme; equals the theme's index in `ThemeResult.themes`. */
  id: number;
  /** Best two or three keywords: "gaussian splatting · rendering · 3d". */
  label: string;
  size: number;
  keywords: Keyword[];
  /** Row indices of the papers nearest the centroid, nearest first (up to 3). */
  representatives: number[];
  /** Unit length, `dims` values. */
  centroid: Float32Array;
  /** Mean cosine of the theme's papers to its centroid: how tight the theme is. */
  cohesion: number;
  /** The cosine to the centroid under which the 5% of its papers least like it sit: a paper placed later under it is far from the theme. */
  farBelow: number;
  /** Most similar other themes by centroid cosine, most similar first (up to 3). */
  neighbors: { theme: number; similarity: number }[];
}

export interface ThemeResult {
  k: number;
  /** Every candidate compared when k was chosen automatically, in increasing k ([] otherwise). */
  kScores: KScore[];
  /** 'too-few-papers': under 4 papers, or not two distinct embeddings: one theme. */
  chosenBy: 'user' | 'silhouette' | 'too-few-papers';
  /** Set when no k showed clear structure (best silhouette < 0.1) and k was chosen among k >= this. */
  weakStructureFloor?: number;
  /** Largest first (ties: the theme holding the lowest row index first). */
  themes: Theme[];
  /** Theme id of each row. */
  assignment: Int32Array;
  /** Cosine of each row to its theme's centroid. */
  similarityToCentroid: Float32Array;
  /** Rows that sit between two themes or far from their own, ascending. They keep their theme. */
  between: BetweenPaper[];
  /** Cosine between theme centroids, k × k, indexed by theme id. */
  themeSimilarity: number[][];
  seed: number;
  /** The split of each theme with at least `minSubthemePapers` papers, by increasing parent id. */
  subthemes: Subthemes[];
  /** Set on themes copied from an index that stored them before sub-themes existed: none was examined for a split. */
  unsplit?: true;
  /** Sub-theme id (1-based) of each row within its theme; 0 when its theme was not split. */
  subassignment: Int32Array;
  /** Cosine of each row to its sub-theme's centroid (to its theme's when not split). */
  subsimilarity: Float32Array;
  diagnostics: {
    silhouetteSampleSize: number;
    fitSampleSize: number;
    restartInertias: number[];
    /** Lloyd iterations of the winning restart on the fit sample. */
    fitIterations: number;
    /** Spherical passes over all papers after the sample fit. */
    refineIterations: number;
  };
  timings: { chooseKMs: number; fitMs: number; keywordsMs: number; subthemesMs: number; totalMs: number };
}
