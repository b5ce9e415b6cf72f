import { assignNearest } from './assign.js';

/** Where each of some new papers goes without refitting: its nearest theme, then that theme's nearest sub-theme. */
export interface Placement {
  theme: Int32Array;
  similarity: Float32Array;
  /** 1-based sub-theme, 0 when the theme is not split. */
  subtheme: Int32Array;
  subSimilarity: Float32Array;
}

/**
 * Nearest centroid by cosine, as the fit's last pass assigns its own papers (vectors and centroids are unit
 * length). `centroids[t]` is theme t's; `subCentroids.get(t)` theme t's sub-theme centroids, sub-theme 1 first.
 */
export function placePapers(vectors: Float32Array, dims: number, centroids: Float32Array[], subCentroids: Map<number, Float32Array[]>): Placement {
  const n = vectors.length / dims;
  const top = assignNearest(vectors, dims, concat(centroids, dims));
  const subtheme = new Int32Array(n);
  const subSimilarity = new Float32Array(n);
  const subs = new Map([...subCentroids].map(([t, list]) => [t, concat(list, dims)]));
  for (let i = 0; i < n; i++) {
    const own = subs.get(top.assignment[i]);
    if (!own) continue;
    const near = assignNearest(vectors.subarray(i * dims, (i + 1) * dims), dims, own);
    subtheme[i] = near.assignment[0] + 1;
    subSimilarity[i] = near.similarity[0];
  }
  return { theme: top.assignment, similarity: top.similarity, subtheme, subSimilarity };
}

function concat(rows: Float32Array[], dims: number): Float32Array {
  const out = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => out.set(r, i * dims));
  return out;
}
