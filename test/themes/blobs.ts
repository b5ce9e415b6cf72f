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

/**
 * Blobs inside blobs: `tree[t]` lists the sizes of theme t's sub-blobs. Sub-centres sit around their
 * theme's centre (closer to it than to any other theme), points around their sub-centre. Each point's
 * text names its theme ("topicT") and its sub-blob ("subTS"), so keywords can be checked too.
 */
export function nestedBlobs(tree: number[][], dims: number, seed: number) {
  const random = createRandom(seed);
  const normal = gaussian(random);
  const unit = (v: number[]) => {
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const rows: { v: number[]; theme: number; sub: number }[] = [];
  tree.forEach((subs, t) => {
    const centre = unit(Array.from({ length: dims }, normal));
    subs.forEach((size, s) => {
      const sub = unit(centre.map((x) => x + (0.9 / Math.sqrt(dims)) * normal()));
      for (let p = 0; p < size; p++) rows.push({ v: unit(sub.map((x) => x + (0.35 / Math.sqrt(dims)) * normal())), theme: t, sub: s });
    });
  });
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const vectors = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => vectors.set(r.v, i * dims));
  const texts = rows.map((r) => ({ title: `topic${r.theme} study`, abstract: `topic${r.theme} sub${r.theme}x${r.sub} sub${r.theme}x${r.sub} method results` }));
  return { vectors, theme: Int32Array.from(rows, (r) => r.theme), sub: Int32Array.from(rows, (r) => r.sub), texts, n: rows.length };
}

export const noText = () => ({ title: '', abstract: '' });
