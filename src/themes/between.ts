import type { NearestThemes } from './assign.js';

/** A paper is "between" when it is at most 10% closer (in 1 − cosine) to its theme than to the next. */
export const DEFAULT_BETWEEN_RATIO = 0.9;
/**
 * At most this share of papers is flagged ambiguous (those with the smallest margins). Without a cap,
 * a diffuse collection (no clear clusters, as random-weight or very broad embeddings give) had 43% of
 * its papers "between themes", which says nothing; well-separated themes never reach the cap.
 */
export const MAX_AMBIGUOUS_SHARE = 0.1;
const MIN_AMBIGUOUS_CAP = 5;
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
 * Ambiguous flags are capped at max(5, 10% of the papers), keeping the smallest margins.
 *
 * Needs two themes or more; returns rows in ascending order.
 */
export function findBetween(nearest: NearestThemes, k: number, ratio = DEFAULT_BETWEEN_RATIO): BetweenPaper[] {
  if (k < 2) return [];
  const fences = outlierFences(nearest, k);
  const n = nearest.assignment.length;
  const ambiguous = ambiguousRows(nearest, ratio, Math.max(MIN_AMBIGUOUS_CAP, Math.ceil(MAX_AMBIGUOUS_SHARE * n)));
  const out: BetweenPaper[] = [];
  for (let i = 0; i < n; i++) {
    const own = nearest.assignment[i];
    const cos1 = nearest.similarity[i];
    const isAmbiguous = ambiguous.has(i);
    if (!isAmbiguous && !(cos1 < fences[own])) continue;
    out.push({
      index: i,
      themes: [own, nearest.second[i]],
      margin: cos1 - nearest.secondSimilarity[i],
      reason: isAmbiguous ? 'ambiguous' : 'outlier',
    });
  }
  return out;
}

/** Rows meeting the ratio rule, at most `cap` of them: the smallest margins first. */
function ambiguousRows(nearest: NearestThemes, ratio: number, cap: number): Set<number> {
  const rows: number[] = [];
  for (let i = 0; i < nearest.assignment.length; i++) {
    if (1 - nearest.similarity[i] >= ratio * (1 - nearest.secondSimilarity[i])) rows.push(i);
  }
  const margin = (i: number) => nearest.similarity[i] - nearest.secondSimilarity[i];
  if (rows.length > cap) rows.sort((a, b) => margin(a) - margin(b) || a - b).length = cap;
  return new Set(rows);
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
