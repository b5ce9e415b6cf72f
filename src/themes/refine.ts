import { assignNearest, type NearestThemes } from './assign.js';
import { unitClusterMeans } from './vector-math.js';

export interface RefineOptions {
  /** Full passes over all papers at most (each costs n × k dot products). */
  maxIterations?: number;
  /** Stop once at most this fraction of papers changed theme in a pass. */
  stopFraction?: number;
}

export interface Refined {
  /** k × dims, unit length. */
  centroids: Float32Array;
  nearest: NearestThemes;
  iterations: number;
}

/**
 * Spherical k-means passes over every paper, starting from centroids fitted on a sample: assign by
 * cosine, move each centroid to the unit-length mean of its papers, repeat. Always ends on an
 * assignment pass, so every paper's theme is the nearest of the returned centroids. No theme is
 * left empty: an empty one takes the paper least similar to its own centroid.
 */
export function refineOnAll(vectors: Float32Array, dims: number, startCentroids: Float32Array, opts: RefineOptions = {}): Refined {
  const n = vectors.length / dims;
  const k = startCentroids.length / dims;
  const maxIterations = opts.maxIterations ?? 5;
  const stopFraction = opts.stopFraction ?? 0.001;
  // Our own copy: filling an empty theme writes into it.
  let centroids: Float32Array = startCentroids.slice();
  let nearest = assignNearest(vectors, dims, centroids);
  let iterations = 0;
  let repairs = 0;
  for (;;) {
    // Bounded: each repair fills one empty theme, and there are at most k of them per pass.
    if (repairs < k * 4 && fillEmptyTheme(vectors, dims, centroids, nearest)) {
      repairs++;
      nearest = assignNearest(vectors, dims, centroids);
      continue;
    }
    if (iterations >= maxIterations) break;
    const updated = unitClusterMeans(vectors, dims, nearest.assignment, k, centroids);
    const next = assignNearest(vectors, dims, updated);
    iterations++;
    let changed = 0;
    for (let i = 0; i < n; i++) if (next.assignment[i] !== nearest.assignment[i]) changed++;
    centroids = updated;
    nearest = next;
    if (changed <= stopFraction * n) break;
  }
  return { centroids, nearest, iterations };
}

/**
 * If a theme has no paper, moves the centroid of the first empty theme onto the paper that fits its
 * own theme worst (among themes with two or more papers) and returns true.
 */
function fillEmptyTheme(vectors: Float32Array, dims: number, centroids: Float32Array, nearest: NearestThemes): boolean {
  const k = centroids.length / dims;
  const sizes = new Int32Array(k);
  for (const c of nearest.assignment) sizes[c]++;
  const empty = sizes.indexOf(0);
  if (empty < 0) return false;
  let worst = -1;
  for (let i = 0; i < nearest.assignment.length; i++) {
    if (sizes[nearest.assignment[i]] < 2) continue;
    if (worst < 0 || nearest.similarity[i] < nearest.similarity[worst]) worst = i;
  }
  if (worst < 0) return false;
  centroids.set(vectors.subarray(worst * dims, (worst + 1) * dims), empty * dims);
  return true;
}
