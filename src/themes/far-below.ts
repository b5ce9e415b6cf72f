/**
 * Theme.farBelow: the cosine to a theme's centroid under which the 5% of its papers least like it sit. A paper
 * placed later under it sits farther than 19 in 20 of the theme's own. Its own module (no k-means) so that
 * copy can recompute it where a stored theme has none without loading the clustering.
 */
export const FAR_QUANTILE = 0.05;

/** The `q` quantile of `values` over `rows` (0 for no rows). */
export function quantileOf(rows: ArrayLike<number>, values: ArrayLike<number>, q: number): number {
  if (rows.length === 0) return 0;
  const sorted = Float64Array.from(rows, (i) => values[i]).sort();
  return sorted[Math.floor(q * (sorted.length - 1))];
}

/** The far-below cosine of a theme whose members are `rows`, with `similarity[row]` each one's cosine to its centroid. */
export function farBelow(rows: ArrayLike<number>, similarity: ArrayLike<number>): number {
  return quantileOf(rows, similarity, FAR_QUANTILE);
}
