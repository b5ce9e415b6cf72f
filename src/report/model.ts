/**
 * The similarity report as pure data. `paperscope report --format json` writes exactly this object;
 * the HTML and Markdown reports are views of it. Papers refer to each other by their position in
 * `papers` (an index), which keeps a 35k-paper report small.
 *
 * Shape (`schema: "paperscope-report/1"`):
 *
 *   meta            when, what and how the report was made (see ReportMeta)
 *   themes[]        { id, label, size, keywords[], representatives[] (paper ids), cohesion,
 *                     neighbors[] ({ theme, similarity }), level (0), subthemes[] ({ id "3.1", level 1,
 *                     label, size, keywords[], representatives[], cohesion }) }, by id (0 = largest at the first fit)
 *   themeSimilarity k x k cosine similarities of the theme centroids; row/column i is theme id i
 *   themeOrder      theme ids with similar themes next to each other
 *   overTime        { period, periods[], totals[], undated, themes[] ({ theme, counts[], trend? }) }
 *   papers[]        { index, id, title, authors[], year?, date?, categories[], url?, hasCode?,
 *                     excerpt, theme (id, or null when the paper is newer than the themes), subtheme? ("3.1"),
 *                     between? ([theme, theme] when it sits between two), x, y (map position in
 *                     [0, 1]), neighbors[] ({ index, similarity }, nearest first, itself excluded) }
 *   duplicates[]    { a, b, similarity }: paper indices a < b whose cosine similarity is at least
 *                   meta.duplicates.threshold, most similar first; at most 2,000 (meta.counts.duplicatePairs
 *                   counts them all)
 *
 * Similarities are cosine similarities of the stored embeddings, rounded to 4 digits; coordinates
 * are rounded to 4 digits too. Optional fields are absent when the source did not say.
 */
import type { PaperCard } from '../store/records.js';
import type { NeighborMethod } from '../vectors/neighbor-graph.js';

export type { NeighborMethod };

export const REPORT_SCHEMA = 'paperscope-report/1';

export type ReportFormat = 'html' | 'md' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json'];
/** 'none': the Markdown report, which has no map, skips laying one out (every x and y is 0). */
export type ProjectionMethod = 'umap' | 'pca' | 'none';

export interface ReportModel {
  schema: typeof REPORT_SCHEMA;
  meta: ReportMeta;
  themes: ReportTheme[];
  themeSimilarity: number[][];
  /** Theme ids in an order where similar themes sit together (legend and heatmap use it): see theme-order.ts. */
  themeOrder: number[];
  /** Each theme's papers per month (per year beyond five years): see themes/over-time.ts. */
  overTime: ReportOverTime;
  papers: ReportPaper[];
  duplicates: DuplicatePair[];
}

export interface ReportMeta {
  generatedAt: string;
  paperscopeVersion: string;
  indexDir: string;
  model: { id: string; dtype: string; dims: number };
  counts: {
    /** Papers in this report: all of the index's, or a sample of them (see collectionPapers). */
    papers: number;
    /** Papers in the index (with a vector); more than `papers` when the report shows a sample (--max-papers). */
    collectionPapers: number;
    themes: number;
    duplicatePairs: number;
    /** Papers added after the themes were computed: they have no theme. */
    unthemed: number;
  };
  neighbors: {
    /** Neighbours listed per paper. */
    k: number;
    /** Neighbours computed per paper for the map's graph (at least k). */
    graphK: number;
    method: NeighborMethod;
    /** Threads that searched for them (a helper thread joins above 2,000 papers when there is a second core). */
    threads: number;
  };
  /** `listed` pairs are in `duplicates` (the most similar, at most 2,000); counts.duplicatePairs has them all. */
  duplicates: { threshold: number; method: string; listed: number };
  projection: {
    method: ProjectionMethod;
    /** Why this method: e.g. too few papers for UMAP, or too many to lay out in reasonable time. */
    reason: string;
    params: Record<string, number | string>;
  };
  themes: {
    computedAt: string;
    /** Papers changed since the themes were computed. */
    stale: boolean;
    /** The index had no themes, so they were computed for this report. */
    computedForReport: boolean;
    chosenBy: string;
    seed: number;
  };
  /** Seconds per stage, for the curious and for the scale check. */
  timings: Record<string, number>;
  /** Things a reader should know (stale themes, fallbacks), also printed on stderr. */
  notes: string[];
}

export interface ReportTheme {
  id: number;
  label: string;
  size: number;
  keywords: string[];
  /** Ids of the papers nearest the theme's centre. */
  representatives: string[];
  cohesion: number;
  neighbors: { theme: number; similarity: number }[];
  /** 0: a top-level theme. */
  level: 0;
  /** Its sub-themes by id (largest first at the first fit; ids kept by a refit) ([] when it was not split). */
  subthemes: ReportSubtheme[];
}

export interface ReportOverTime {
  period: 'month' | 'year';
  periods: string[];
  /** Themed papers per period. */
  totals: number[];
  /** Themed papers without a date precise enough for the period. */
  undated: number;
  /** By theme id: papers per period, and the trend over the last year when it is clear. */
  themes: { theme: number; counts: number[]; trend?: 'grew' | 'shrank' }[];
}

export interface ReportSubtheme {
  /** `3.1`: theme 3, sub-theme 1. */
  id: string;
  level: 1;
  label: string;
  size: number;
  keywords: string[];
  representatives: string[];
  cohesion: number;
}

export interface PaperNeighbor {
  index: number;
  similarity: number;
}

export interface ReportPaper extends PaperCard {
  index: number;
  hasCode?: boolean;
  excerpt: string;
  theme: number | null;
  /** `3.1` when the paper's theme is split. */
  subtheme?: string;
  between?: [number, number];
  x: number;
  y: number;
  neighbors: PaperNeighbor[];
}

export interface DuplicatePair {
  a: number;
  b: number;
  similarity: number;
}
