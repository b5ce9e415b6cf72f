import { deriveSeed, STREAM } from './random.js';
import type { PaperText } from './term-counts.js';
import type { Subthemes, Theme, ThemeOptions, ThemeResult } from './types.js';
import { gatherRows } from './vector-math.js';

/**
 * A theme smaller than this is listed whole: below 40 papers a split gives sub-themes of a handful of
 * papers whose c-TF-IDF keywords rest on two or three abstracts each.
 */
export const DEFAULT_MIN_SUBTHEME_PAPERS = 40;
/**
 * At most this many sub-themes per theme: `theme 3` lists them on one screen before its papers, and the
 * report colours them apart. The top level's sqrt(2n) (up to 30) would give a 1,400-paper theme 30.
 */
export const MAX_SUBTHEMES = 8;

/**
 * k-means restarts of a split (its candidates get half): the top level's default for small samples is up to
 * 20 candidate runs, which made choosing k take 2.7 s for a 396-paper theme of real arXiv papers (0.6 s with
 * 2): a theme's split is paid once per theme, 16 to 30 times per run. Silhouettes inside a theme are weak
 * (0.02 to 0.07 there), so more runs only move noise.
 */
export const SUBTHEME_RESTARTS = 4;

/** Sub-themes compare k from 2 to this for a theme of n papers. */
export function subthemeKRange(n: number): [number, number] {
  return [2, Math.max(2, Math.min(MAX_SUBTHEMES, Math.floor(Math.sqrt(2 * n)), n - 1))];
}

type TopLevel = (vectors: Float32Array, dims: number, texts: (index: number) => PaperText, opts: ThemeOptions) => ThemeResult;

/**
 * Splits every theme of at least `minSubthemePapers` papers with the same machinery as the top level
 * (`cluster`: k by silhouette over its papers alone, c-TF-IDF keywords against its sibling sub-themes with
 * the idf of the whole collection (`opts.keywordBackground`),
 * representatives nearest each centroid). Each theme's split has its own seed, derived from the run's
 * seed and the theme's id, so it does not depend on the other themes. `cluster` is passed in (it is
 * computeThemes) so this module does not import the one that imports it.
 */
export function splitThemes(
  vectors: Float32Array,
  dims: number,
  texts: (index: number) => PaperText,
  top: Pick<ThemeResult, 'themes' | 'assignment' | 'similarityToCentroid' | 'seed'>,
  opts: ThemeOptions,
  cluster: TopLevel,
): Pick<ThemeResult, 'subthemes' | 'subassignment' | 'subsimilarity'> {
  const n = top.assignment.length;
  const min = opts.minSubthemePapers ?? DEFAULT_MIN_SUBTHEME_PAPERS;
  const subassignment = new Int32Array(n);
  const subsimilarity = Float32Array.from(top.similarityToCentroid);
  const subthemes: Subthemes[] = [];
  for (const theme of top.themes) {
    if (theme.size < min) continue;
    const rows = rowsOf(top.assignment, theme.id, theme.size);
    const r = cluster(gatherRows(vectors, dims, rows), dims, (i) => texts(rows[i]), {
      kRange: subthemeKRange(rows.length),
      seed: deriveSeed(top.seed, STREAM.subthemes + theme.id),
      restarts: opts.restarts ?? SUBTHEME_RESTARTS,
      sampleSize: opts.sampleSize,
      fitSampleSize: opts.fitSampleSize,
      keywordsPerTheme: opts.keywordsPerTheme,
      minSubthemePapers: Infinity,
      keywordBackground: opts.keywordBackground,
    });
    if (r.k < 2) continue; // no two distinct embeddings: nothing to split
    rows.forEach((row, i) => {
      subassignment[row] = r.assignment[i] + 1;
      subsimilarity[row] = r.similarityToCentroid[i];
    });
    const themes: Theme[] = r.themes.map((t) => ({
      ...t,
      id: t.id + 1,
      representatives: t.representatives.map((i) => rows[i]),
      neighbors: t.neighbors.map((nb) => ({ theme: nb.theme + 1, similarity: nb.similarity })),
    }));
    subthemes.push({ parent: theme.id, k: r.k, kScores: r.kScores, chosenBy: r.chosenBy, themes });
  }
  return { subthemes, subassignment, subsimilarity };
}

/** Rows of one theme, ascending. */
function rowsOf(assignment: Int32Array, id: number, size: number): Int32Array {
  const rows = new Int32Array(size);
  let next = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] === id) rows[next++] = i;
  return rows;
}
