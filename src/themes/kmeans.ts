import { kmeans } from 'ml-kmeans';
import { kmeansPlusPlus } from './kmeans-plus-plus.js';
import { createRandom, deriveSeed, DEFAULT_SEED, STREAM } from './random.js';
import { squaredDistance } from './vector-math.js';

export const DEFAULT_RESTARTS = 4;
/** Lloyd iterations per run at most; real embeddings can creep on for long with tiny moves. */
export const DEFAULT_MAX_ITERATIONS = 50;

export interface KMeansOptions {
  seed?: number;
  /** Independent k-means++ starts; the fit with the lowest inertia wins (ml-kmeans has no restarts). */
  restarts?: number;
  maxIterations?: number;
  /** Stop when no centre moves more than this (squared Euclidean). ml-kmeans' default. */
  tolerance?: number;
}

export interface KMeansFit {
  k: number;
  /** k × dims cluster means, as ml-kmeans computes them (Euclidean means: not unit length). */
  centroids: Float32Array;
  /** Sum of squared distances from each row to its cluster's centroid. */
  inertia: number;
  /** Lloyd iterations run. */
  iterations: number;
}

export interface RestartedFit extends KMeansFit {
  /** Inertia of every restart in order; restart r used seed deriveSeed(seed, 1000 + r). */
  restartInertias: number[];
  bestRestart: number;
}

/** Seeded random source of restart r. */
export function restartRandom(seed: number, restart: number): () => number {
  return createRandom(deriveSeed(seed, STREAM.kmeansRestart + restart));
}

/**
 * Euclidean k-means on the rows of `data` (m × dims): our k-means++ seeding, ml-kmeans' Lloyd
 * iterations, `restarts` seeds derived from one seed, lowest inertia kept (ties: the earliest).
 * On unit vectors this is close to spherical k-means. `data` should be a sample of bounded size:
 * ml-kmeans wants number[][], 8 bytes per value plus an array object per row.
 */
export function fitKMeans(data: Float32Array, dims: number, k: number, opts: KMeansOptions = {}): RestartedFit {
  const m = data.length / dims;
  if (!Number.isInteger(k) || k < 1 || k > m) throw new RangeError(`fitKMeans: k=${k} must be in 1..${m}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  const restarts = Math.max(1, Math.floor(opts.restarts ?? DEFAULT_RESTARTS));
  const rows = toRows(data, dims);
  let best: RestartedFit | undefined;
  const restartInertias: number[] = [];
  for (let r = 0; r < restarts; r++) {
    const fit = lloyd(rows, data, dims, kmeansPlusPlus(data, dims, k, restartRandom(seed, r)), opts);
    restartInertias.push(fit.inertia);
    if (!best || fit.inertia < best.inertia) best = { ...fit, restartInertias, bestRestart: r };
  }
  return best!;
}

/** The rows as ml-kmeans wants them. */
export function toRows(data: Float32Array, dims: number): number[][] {
  const m = data.length / dims;
  const rows: number[][] = new Array(m);
  for (let i = 0; i < m; i++) rows[i] = Array.from(data.subarray(i * dims, (i + 1) * dims));
  return rows;
}

/** ml-kmeans' Lloyd iterations from the given seed rows; `rows` is `data` as number[][]. */
export function lloyd(
  rows: number[][],
  data: Float32Array,
  dims: number,
  seedRows: ArrayLike<number>,
  opts: Pick<KMeansOptions, 'maxIterations' | 'tolerance'> = {},
): KMeansFit {
  const k = seedRows.length;
  const result = kmeans(rows, k, {
    initialization: Array.from(seedRows, (i) => rows[i].slice()),
    maxIterations: opts.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    tolerance: opts.tolerance ?? 1e-6,
  });
  const centroids = new Float32Array(k * dims);
  result.centroids.forEach((c, j) => centroids.set(c, j * dims));
  // The centroids are the means of ml-kmeans' last assignment, so this is the partition's within-cluster
  // sum of squares: n × dims work instead of another n × k × dims assignment pass.
  let inertia = 0;
  result.clusters.forEach((cluster, i) => (inertia += squaredDistance(data, i * dims, centroids, cluster * dims, dims)));
  return { k, centroids, inertia, iterations: result.iterations };
}
