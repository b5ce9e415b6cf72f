/** The id of the script element (type application/json) that holds the page's data. */
export const DATA_ELEMENT_ID = 'paperscope-data';

/**
 * The report as the browser receives it: the ReportModel packed into columns (one array per
 * field, papers in model order), with map positions and similarities as small integers. About
 * 600 bytes a paper, so 35k papers stay near 20 MB. Built by page/pack.ts.
 */
export interface ClientData {
  meta: {
    generatedAt: string;
    version: string;
    indexDir: string;
    model: string;
    papers: number;
    themes: number;
    duplicatePairs: number;
    projection: string;
    projectionReason: string;
    neighborsK: number;
    neighborMethod: string;
    dupThreshold: number;
    themesStale: boolean;
    themesComputedAt: string;
    notes: string[];
  };
  themes: {
    id: number;
    label: string;
    size: number;
    keywords: string[];
    /** Paper indices of the representatives. */
    reps: number[];
    cohesion: number;
    /** [theme id, similarity x 1000] */
    neighbors: [number, number][];
    /** Its sub-themes, sub-theme 1 first ([] when not split). */
    subs: { id: string; label: string; size: number }[];
  }[];
  /** Theme ids with similar themes next to each other. */
  themeOrder: number[];
  /** Themes over time (see themes/over-time.ts): `counts[theme][period]`, trend 'grew', 'shrank' or ''. */
  time: { period: string; periods: string[]; totals: number[]; undated: number; counts: number[][]; trend: string[] };
  /** k x k, similarity x 1000. */
  themeSim: number[][];
  /** Flat triples: paper a, paper b, similarity x 10000. */
  dups: number[];
  papers: {
    id: string[];
    title: string[];
    /** Names joined by ", ", shortened with "et al." past a dozen. */
    authors: string[];
    /** 0 when unknown. */
    year: number[];
    date: string[];
    categories: string[];
    /** '' when there is no web link. */
    url: string[];
    /** 1 has code, 0 has none, -1 unknown. */
    code: number[];
    excerpt: string[];
    /** Theme id, -1 when the paper has none. */
    theme: number[];
    /** Sub-theme within its theme, from 1; 0 when the theme is not split. */
    sub: number[];
    /** Flat triples: paper, theme a, theme b, for the papers that sit between two themes. */
    between: number[];
    /** Flat x, y pairs in [0, 10000]. */
    xy: number[];
    /** Neighbours per paper. */
    k: number;
    /** Flat n x k paper indices, -1 for an empty slot. */
    nb: number[];
    /** Flat n x k similarities x 1000. */
    ns: number[];
  };
}

/** What the page exposes for tests and the curious: counts from the latest map draw (drawn on the next frame, not at the click). */
export interface ReportHook {
  ready: boolean;
  pointsDrawn: number;
  highlightedCount: number;
  visibleCount: number;
  highlightedTheme: number;
  /** The map's zoom relative to the whole map (1 = all of it). */
  zoom: number;
  /** Papers drawn in their sub-theme's colour (a split theme zoomed into). */
  subColoured: number;
  selected: number;
  draws: number;
  lastDrawMs: number;
  /** Where paper i is drawn now, in viewport coordinates (for clicking it in tests). */
  positionOf: (index: number) => { x: number; y: number };
}
