import { farBelow } from './far-below.js';
import { findBetween, DEFAULT_BETWEEN_RATIO } from './between.js';
import { chooseK, MIN_PAPERS_TO_SPLIT } from './choose-k.js';
import { clusterAll } from './cluster.js';
import { labelFromKeywords, themeKeywords, type CollectionTerms } from './keywords.js';
import { DEFAULT_SEED } from './random.js';
import { orderBySize } from './order.js';
import type { PaperText } from './term-counts.js';
import { splitThemes } from './subthemes.js';
import { centroidSimilarity, nearestThemes, representatives } from './theme-geometry.js';
import type { Theme, ThemeOptions, ThemeResult } from './types.js';
import { checkRequestedK, paperCount } from './validate.js';

/**
 * Groups papers into themes. `vectors` holds n unit-length embeddings row after row (n × dims);
 * `texts(i)` returns row i's title and abstract, theme by theme; once per row for the themes and once
 * more for the rows of split themes (see subthemes.ts). Pure computation; deterministic for a seed.
 *
 * Throws UserError for no papers or an impossible k; RangeError for malformed vectors.
 */
export function computeThemes(
  vectors: Float32Array,
  dims: number,
  texts: (index: number) => PaperText,
  opts: ThemeOptions = {},
): ThemeResult {
  const started = performance.now();
  const n = paperCount(vectors, dims);
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;

  let k: number;
  let chosenBy: ThemeResult['chosenBy'];
  let weakStructureFloor: number | undefined;
  let kScores: ThemeResult['kScores'] = [];
  let silhouetteSampleSize = 0;
  if (opts.k !== undefined) {
    checkRequestedK(opts.k, n);
    k = opts.k;
    chosenBy = 'user';
  } else if (n < MIN_PAPERS_TO_SPLIT) {
    k = 1;
    chosenBy = 'too-few-papers';
  } else {
    // Candidates get half the restarts of the final fit: they only need a fair comparison of k.
    const restarts = opts.restarts === undefined ? undefined : Math.ceil(opts.restarts / 2);
    const choice = chooseK(vectors, dims, { kRange: opts.kRange, seed, restarts, sampleSize: opts.sampleSize });
    kScores = choice.scores;
    silhouetteSampleSize = choice.sampleSize;
    k = choice.k ?? 1;
    chosenBy = choice.k === undefined ? 'too-few-papers' : 'silhouette';
    weakStructureFloor = choice.weakStructureFloor;
  }
  const chosen = performance.now();

  const clustering = clusterAll(vectors, dims, k, { seed, restarts: opts.restarts, fitSampleSize: opts.fitSampleSize });
  const { centroids, nearest } = orderBySize(clustering.centroids, clustering.nearest, dims);
  const fitted = performance.now();

  const members = membersOf(nearest.assignment, k);
  let collection: CollectionTerms | undefined;
  const keywords = themeKeywords(members, texts, {
    keywordsPerTheme: opts.keywordsPerTheme,
    background: opts.keywordBackground,
    collect: (terms) => (collection = terms),
  });
  const keywordsDone = performance.now();

  const themeSimilarity = centroidSimilarity(centroids, dims);
  const neighbors = nearestThemes(themeSimilarity);
  const reps = representatives(nearest.assignment, nearest.similarity, k);
  const themes: Theme[] = members.map((rows, id) => ({
    id,
    label: labelFromKeywords(keywords[id], id),
    size: rows.length,
    keywords: keywords[id],
    representatives: reps[id],
    centroid: centroids.slice(id * dims, (id + 1) * dims),
    cohesion: meanOf(rows, nearest.similarity),
    farBelow: farBelow(rows, nearest.similarity),
    neighbors: neighbors[id],
  }));

  const split = splitThemes(vectors, dims, texts, { themes, assignment: nearest.assignment, similarityToCentroid: nearest.similarity, seed }, { ...opts, keywordBackground: collection }, computeThemes);
  const splitDone = performance.now();

  return {
    k,
    kScores,
    chosenBy,
    weakStructureFloor,
    themes,
    assignment: nearest.assignment,
    similarityToCentroid: nearest.similarity,
    between: findBetween(nearest, k, opts.betweenRatio ?? DEFAULT_BETWEEN_RATIO),
    themeSimilarity,
    seed,
    ...split,
    diagnostics: {
      silhouetteSampleSize,
      fitSampleSize: clustering.fitSampleSize,
      restartInertias: clustering.restartInertias,
      fitIterations: clustering.fitIterations,
      refineIterations: clustering.iterations,
    },
    timings: {
      chooseKMs: chosen - started,
      fitMs: fitted - chosen,
      keywordsMs: keywordsDone - fitted,
      subthemesMs: splitDone - keywordsDone,
      totalMs: performance.now() - started,
    },
  };
}

/** Row indices of each theme, ascending. */
function membersOf(assignment: Int32Array, k: number): Int32Array[] {
  const sizes = new Int32Array(k);
  for (const c of assignment) sizes[c]++;
  const members = Array.from(sizes, (s) => new Int32Array(s));
  const filled = new Int32Array(k);
  assignment.forEach((c, i) => {
    members[c][filled[c]++] = i;
  });
  return members;
}

function meanOf(rows: Int32Array, values: Float32Array): number {
  if (rows.length === 0) return 0;
  let sum = 0;
  for (const i of rows) sum += values[i];
  return sum / rows.length;
}
