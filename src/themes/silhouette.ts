import { squaredDistance } from './vector-math.js';

/**
 * Euclidean distances between all rows of `data` (m × m, symmetric, Float32). On unit vectors this
 * is sqrt(2 − 2·cosine), so it ranks pairs exactly as cosine does. Computed once per sample and
 * reused for every candidate k: m = 2,000 costs 16 MB and about a second.
 */
export function pairwiseDistances(data: Float32Array, dims: number): Float32Array {
  const m = data.length / dims;
  const out = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const d = Math.sqrt(squaredDistance(data, i * dims, data, j * dims, dims));
      out[i * m + j] = d;
      out[j * m + i] = d;
    }
  }
  return out;
}

/**
 * Mean silhouette (Rousseeuw 1987) of a labelling, from a precomputed distance matrix. A point alone
 * in its cluster scores 0. NaN when fewer than two clusters are non-empty (the silhouette is then
 * undefined).
 */
export function meanSilhouette(distances: Float32Array, labels: Int32Array, k: number): number {
  const m = labels.length;
  const sizes = new Int32Array(k);
  for (const l of labels) sizes[l]++;
  let nonEmpty = 0;
  for (const s of sizes) if (s > 0) nonEmpty++;
  if (nonEmpty < 2) return NaN;

  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    const row = i * m;
    for (let j = 0; j < m; j++) sums[labels[j]] += distances[row + j];
    const own = labels[i];
    if (sizes[own] < 2) continue; // s(i) = 0
    const a = sums[own] / (sizes[own] - 1); // the diagonal is 0, so sums[own] excludes i itself
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    }
    const scale = Math.max(a, b);
    if (scale > 0) total += (b - a) / scale;
  }
  return total / m;
}
