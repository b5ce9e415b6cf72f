import { createRandom, sampleIndices } from '../themes/random.js';

/** The covariance is estimated from at most this many rows: the top axes settle long before 35k. */
export const PCA_SAMPLE_ROWS = 5_000;
const MAX_ITERATIONS = 300;
const TOLERANCE = 1e-10;

export interface PrincipalAxes {
  mean: Float64Array;
  /** Unit vectors, largest variance first. */
  axes: Float64Array[];
  /** Variance along each axis. */
  variances: number[];
}

/**
 * The top `count` principal axes of the rows of `matrix` (n x dims, row-major), by power iteration
 * on the covariance. Each next axis is iterated in the space orthogonal to the ones found, which is
 * deflation without the round-off of subtracting lambda u u^T. Sums are kept in Float64.
 */
export function principalAxes(matrix: Float32Array, dims: number, count: number, seed: number): PrincipalAxes {
  const n = dims > 0 ? matrix.length / dims : 0;
  const random = createRandom(seed);
  const rows = sampleIndices(n, PCA_SAMPLE_ROWS, random);
  const mean = rowMean(matrix, dims, rows);
  const cov = covariance(matrix, dims, rows, mean);
  const axes: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < Math.min(count, dims); c++) {
    const { axis, variance } = dominantAxis(cov, dims, axes, random);
    axes.push(axis);
    variances.push(variance);
  }
  return { mean, axes, variances };
}

/** Coordinates of every row along the axes: (row - mean) . axis. */
export function projectOnto(matrix: Float32Array, dims: number, pca: PrincipalAxes): Float32Array[] {
  const n = dims > 0 ? matrix.length / dims : 0;
  return pca.axes.map((axis) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const base = i * dims;
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += (matrix[base + d] - pca.mean[d]) * axis[d];
      out[i] = dot;
    }
    return out;
  });
}

function rowMean(matrix: Float32Array, dims: number, rows: Int32Array): Float64Array {
  const mean = new Float64Array(dims);
  for (const r of rows) for (let d = 0; d < dims; d++) mean[d] += matrix[r * dims + d];
  if (rows.length > 0) for (let d = 0; d < dims; d++) mean[d] /= rows.length;
  return mean;
}

/** The dims x dims covariance: the upper triangle accumulated row by row, then mirrored. */
function covariance(matrix: Float32Array, dims: number, rows: Int32Array, mean: Float64Array): Float64Array {
  const cov = new Float64Array(dims * dims);
  const centred = new Float64Array(dims);
  for (const r of rows) {
    for (let d = 0; d < dims; d++) centred[d] = matrix[r * dims + d] - mean[d];
    for (let i = 0; i < dims; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      const base = i * dims;
      for (let j = i; j < dims; j++) cov[base + j] += ci * centred[j];
    }
  }
  const scale = rows.length > 1 ? 1 / (rows.length - 1) : 1;
  for (let i = 0; i < dims; i++) {
    for (let j = i; j < dims; j++) {
      const v = cov[i * dims + j] * scale;
      cov[i * dims + j] = v;
      cov[j * dims + i] = v;
    }
  }
  return cov;
}

/** Power iteration for the largest-variance direction orthogonal to `found`. */
function dominantAxis(cov: Float64Array, dims: number, found: Float64Array[], random: () => number): { axis: Float64Array; variance: number } {
  let v = new Float64Array(dims);
  for (let d = 0; d < dims; d++) v[d] = random() - 0.5;
  orthogonalise(v, found);
  if (normalise(v) === 0) return { axis: fallbackAxis(dims, found), variance: 0 };
  let variance = 0;
  let w = new Float64Array(dims);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    for (let i = 0; i < dims; i++) {
      let s = 0;
      const base = i * dims;
      for (let j = 0; j < dims; j++) s += cov[base + j] * v[j];
      w[i] = s;
    }
    orthogonalise(w, found);
    variance = normalise(w);
    // No variance left in this subspace (all rows alike): any orthogonal unit vector will do.
    if (variance === 0) return { axis: fallbackAxis(dims, found), variance: 0 };
    let agreement = 0;
    for (let d = 0; d < dims; d++) agreement += w[d] * v[d];
    [v, w] = [w, v];
    if (1 - Math.abs(agreement) < TOLERANCE) break;
  }
  fixSign(v);
  return { axis: v, variance };
}

function orthogonalise(v: Float64Array, basis: Float64Array[]): void {
  for (const u of basis) {
    let dot = 0;
    for (let d = 0; d < v.length; d++) dot += u[d] * v[d];
    for (let d = 0; d < v.length; d++) v[d] -= dot * u[d];
  }
}

function normalise(v: Float64Array): number {
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d] * v[d];
  norm = Math.sqrt(norm);
  if (norm < 1e-300) return 0;
  for (let d = 0; d < v.length; d++) v[d] /= norm;
  return norm;
}

/** An axis's sign is arbitrary; fixing it keeps the map from flipping between runs. */
function fixSign(v: Float64Array): void {
  let largest = 0;
  for (let d = 1; d < v.length; d++) if (Math.abs(v[d]) > Math.abs(v[largest])) largest = d;
  if (v[largest] < 0) for (let d = 0; d < v.length; d++) v[d] = -v[d];
}

function fallbackAxis(dims: number, found: Float64Array[]): Float64Array {
  for (let d = 0; d < dims; d++) {
    const e = new Float64Array(dims);
    e[d] = 1;
    orthogonalise(e, found);
    if (normalise(e) > 1e-6) return e;
  }
  return new Float64Array(dims);
}
