import { UserError } from '../errors.js';
import { assignNearest } from './assign.js';
import { fitKMeans } from './kmeans.js';
import { TooFewDistinctPointsError } from './kmeans-plus-plus.js';
import { createRandom, deriveSeed, STREAM, sampleIndices } from './random.js';
import { refineOnAll, type Refined } from './refine.js';
import { gatherRows, normalizeRows, unitClusterMeans } from './vector-math.js';

/** ml-kmeans runs on at most this many papers (as number[][]: ~15 MB at 384 dims). */
export const DEFAULT_FIT_SAMPLE = 5_000;

export interface ClusterOptions {
  seed: number;
  restarts?: number;
  fitSampleSize?: number;
}

export interface Clustering extends Refined {
  /** Papers k-means was fitted on (all of them when the collection is small). */
  fitSampleSize: number;
  /** Inertia of each k-means restart on the fit sample ([] for k = 1). */
  restartInertias: number[];
  /** Lloyd iterations of the winning restart (0 for k = 1). */
  fitIterations: number;
}

/**
 * k themes for all papers: k-means with restarts on a fixed-seed sample (memory and time stay bounded
 * however large the collection), then spherical passes over every paper in Float32 so the centroids
 * reflect all of them and each paper gets its nearest centroid.
 */
export function clusterAll(vectors: Float32Array, dims: number, k: number, opts: ClusterOptions): Clustering {
  const n = vectors.length / dims;
  if (k === 1) {
    const centroids = unitClusterMeans(vectors, dims, new Int32Array(n), 1, new Float32Array(dims));
    const nearest = assignNearest(vectors, dims, centroids);
    return { centroids, nearest, iterations: 0, fitSampleSize: 0, restartInertias: [], fitIterations: 0 };
  }
  const sampleSize = Math.max(opts.fitSampleSize ?? DEFAULT_FIT_SAMPLE, k);
  const rows = sampleIndices(n, sampleSize, createRandom(deriveSeed(opts.seed, STREAM.fitSample)));
  const sample = rows.length === n ? vectors : gatherRows(vectors, dims, rows);
  let fit;
  try {
    fit = fitKMeans(sample, dims, k, { seed: opts.seed, restarts: opts.restarts });
  } catch (err) {
    if (err instanceof TooFewDistinctPointsError) {
      throw new UserError(
        `cannot make ${k} themes: only ${err.distinct} of the papers have distinct embeddings`,
        `choose k <= ${err.distinct}, or omit k to choose it automatically`,
      );
    }
    throw err;
  }
  const refined = refineOnAll(vectors, dims, normalizeRows(fit.centroids, dims));
  return { ...refined, fitSampleSize: rows.length, restartInertias: fit.restartInertias, fitIterations: fit.iterations };
}
