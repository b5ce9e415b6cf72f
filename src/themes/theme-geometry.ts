import { dot } from './vector-math.js';

export const REPRESENTATIVES_PER_THEME = 3;
export const NEIGHBORS_PER_THEME = 3;

/** Cosine between every pair of (unit) centroids, k × k; the diagonal is 1. */
export function centroidSimilarity(unitCentroids: Float32Array, dims: number): number[][] {
  const k = unitCentroids.length / dims;
  return Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => (a === b ? 1 : dot(unitCentroids, a * dims, unitCentroids, b * dims, dims))),
  );
}

/** For each theme, the other themes by decreasing centroid cosine (ties: lower id), at most `count`. */
export function nearestThemes(similarity: number[][], count = NEIGHBORS_PER_THEME): { theme: number; similarity: number }[][] {
  return similarity.map((row, a) =>
    row
      .map((s, b) => ({ theme: b, similarity: s }))
      .filter((x) => x.theme !== a)
      .sort((x, y) => y.similarity - x.similarity || x.theme - y.theme)
      .slice(0, count),
  );
}

/**
 * For each theme, the rows most similar to its centroid (ties: lower row), best first. One pass
 * keeping a tiny sorted list per theme: no sort of all papers.
 */
export function representatives(
  assignment: Int32Array,
  similarity: Float32Array,
  k: number,
  count = REPRESENTATIVES_PER_THEME,
): number[][] {
  const best: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < assignment.length; i++) {
    const list = best[assignment[i]];
    let pos = list.length;
    // Strictly greater: an equal similarity keeps the earlier (lower) row ahead.
    while (pos > 0 && similarity[i] > similarity[list[pos - 1]]) pos--;
    if (pos < count) {
      list.splice(pos, 0, i);
      if (list.length > count) list.pop();
    }
  }
  return best;
}
