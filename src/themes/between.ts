import type { NearestThemes } from './assign.js';

/** A paper is "between" when it is at most 10% closer (in 1 − cosine) to its theme than to the next. */
export const DEFAULT_BETWEEN_RATIO = 0.9;
/** Tukey's "far out" fence: below Q1 − 3·IQR of its theme's similarities. */
const OUTLIER_IQR_FACTOR = 3;
/** Quartiles of fewer similarities than this say too little to call anything an outlier. */
const MIN_THEME_SIZE_FOR_OUTLIERS = 8;

export interface BetweenPaper {
  /** Row index of the paper. */
  index: number;
  /** Its own theme first, then the second-nearest theme. */
  themes: [number, number];
  /** Cosine to its own centroid minus cosine to the second-nearest (>= 0; small = ambiguous). */
  margin: number;
  /** 'ambiguous': nearly equidistant from two themes; 'outlier': far from its own theme's centroid. */
  reason: 'ambiguous' | 'outlier';
}

/**
 * Papers that do not sit clearly inside one theme. They keep their theme; this only flags them.
 *
 * - ambiguous: 1 − cos₁ >= ratio × (1 − cos₂), where cos₁, cos₂ are the cosines to the nearest and
 *   second-nearest centroids. On unit vectors 1 − cos is half the squared distance, so with the
 *   default 0.9 the paper is less than 10% closer to its theme than to the next one. Being relative,
 *   it does not depend on how tight a given embedding model's clusters are, and it also catches
 *   papers far from every centroid (both distances large, their ratio near 1).
 * - outlier: cos₁ below Q1 − 3·IQR of the cosines in its own theme (themes of 8+ papers only).
 *
 * Needs two themes or more; returns rows in ascending order.
 */
export function findBetween(nearest: NearestThemes, k: number, ratio = DEFAULT_BETWEEN_RATIO): BetweenPaper[] {
  if (k < 2) return [];
  const fences = outlierFences(nearest, k);
  const out: BetweenPaper[] = [];
  const n = nearest.assignment.length;
  for (let i = 0; i < n; i++) {
    const own = nearest.assignment[i];
    const cos1 = nearest.similarity[i];
    const cos2 = nearest.secondSimilarity[i];
    const ambiguous = 1 - cos1 >= ratio * (1 - cos2);
    const outlier = cos1 < fences[own];
    if (!ambiguous && !outlier) continue;
    out.push({
      index: i,
      themes: [own, nearest.second[i]],
      margin: cos1 - cos2,
      reason: ambiguous ? 'ambiguous' : 'outlier',
    });
  }
  return out;
}

/** Per theme, the similarity below which a member is an outlier (−Infinity: none can be). */
function outlierFences(nearest: NearestThemes, k: number): Float64Array {
  const members: number[][] = Array.from({ length: k }, () => []);
  nearest.assignment.forEach((c, i) => members[c].push(nearest.similarity[i]));
  const fences = new Float64Array(k).fill(-Infinity);
  members.forEach((sims, c) => {
    if (sims.length < MIN_THEME_SIZE_FOR_OUTLIERS) return;
    sims.sort((a, b) => a - b);
    const q1 = quantile(sims, 0.25);
    const q3 = quantile(sims, 0.75);
    fences[c] = q1 - OUTLIER_IQR_FACTOR * (q3 - q1);
  });
  return fences;
}

/** Linear-interpolated quantile of an ascending array. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
