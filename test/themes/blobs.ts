import { createRandom } from '../../src/themes/random.js';

/** Standard normal draws from a seeded uniform source (Box-Muller). */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface Blobs {
  vectors: Float32Array;
  labels: Int32Array;
  /** Unit-length blob centres, clusters × dims. */
  centres: Float32Array;
  dims: number;
}

/**
 * Gaussian blobs on the unit sphere: random unit centres (nearly orthogonal in high dimension),
 * each point = centre + noise of expected norm `spread`, then normalised. Rows are shuffled so that
 * blob membership does not follow row order.
 */
export function blobs(opts: { sizes: number[]; dims: number; spread?: number; seed?: number }): Blobs {
  const { sizes, dims } = opts;
  const spread = opts.spread ?? 0.5;
  const random = createRandom(opts.seed ?? 7);
  const normal = gaussian(random);
  const centres = new Float32Array(sizes.length * dims);
  for (let c = 0; c < sizes.length; c++) {
    const v = Array.from({ length: dims }, normal);
    const norm = Math.hypot(...v);
    v.forEach((x, d) => (centres[c * dims + d] = x / norm));
  }
  const n = sizes.reduce((a, b) => a + b, 0);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const vectors = new Float32Array(n * dims);
  const labels = new Int32Array(n);
  let next = 0;
  sizes.forEach((size, c) => {
    for (let p = 0; p < size; p++) {
      const row = order[next++];
      labels[row] = c;
      const v = Array.from({ length: dims }, (_, d) => centres[c * dims + d] + (spread / Math.sqrt(dims)) * normal());
      const norm = Math.hypot(...v);
      v.forEach((x, d) => (vectors[row * dims + d] = x / norm));
    }
  });
  return { vectors, labels, centres, dims };
}

/** Unit vector halfway between two rows of `centres`. */
export function midpoint(centres: Float32Array, dims: number, a: number, b: number): Float32Array {
  const v = new Float32Array(dims);
  for (let d = 0; d < dims; d++) v[d] = centres[a * dims + d] + centres[b * dims + d];
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export const noText = () => ({ title: '', abstract: '' });
