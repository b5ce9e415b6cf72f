/**
 * Synthetic sentence-embedding-like vectors: deterministic, clustered, unit length. Used where real
 * embeddings would take too long (35k papers ≈ 13 min of model time) and where the size is beyond the
 * data set (200k). Everything printed from them is labelled "synthetic vectors".
 *
 * Shape of the data, chosen to resemble MiniLM embeddings of abstracts rather than an isotropic blob
 * (on which no ANN index does well, and which no text model produces):
 *   - a shared mean direction (sentence embeddings are anisotropic: random pairs have cosine ≈ 0.1-0.2),
 *   - `clusters` topics (default 40), each with `subtopics` sub-centres,
 *   - within a sub-topic, variation along a few topic-specific directions with decaying scale
 *     (low intrinsic dimension), plus a little isotropic noise in all 384 dimensions.
 */
import type { Embedder } from '../../src/embed/embedder.js';
import { resolveModelSpec } from '../../src/embed/registry.js';
import { hashString, Rng } from '../lib/rng.js';

export interface SpaceOptions {
  dims: number;
  clusters: number;
  subtopics: number;
  /** Directions of variation inside a topic. */
  subspace: number;
  seed: number;
}

export const DEFAULT_SPACE: SpaceOptions = { dims: 384, clusters: 40, subtopics: 25, subspace: 24, seed: 7 };

// Relative weights of the parts of a vector (before normalization).
const MEAN_WEIGHT = 0.45;
const TOPIC_WEIGHT = 1.0;
const SUBTOPIC_WEIGHT = 0.55;
const SUBSPACE_WEIGHT = 0.6;
const NOISE_WEIGHT = 0.45;

export class ClusteredSpace {
  readonly dims: number;
  private readonly mean: Float32Array;
  private readonly topics: Float32Array;
  private readonly subtopicCentres: Float32Array;
  private readonly bases: Float32Array;
  private readonly scales: Float32Array;

  constructor(readonly opts: SpaceOptions = DEFAULT_SPACE) {
    const { dims, clusters, subtopics, subspace } = opts;
    this.dims = dims;
    const rng = new Rng(opts.seed);
    this.mean = unitRows(rng, 1, dims);
    this.topics = unitRows(rng, clusters, dims);
    this.subtopicCentres = unitRows(rng, clusters * subtopics, dims);
    this.bases = unitRows(rng, clusters * subspace, dims);
    this.scales = Float32Array.from({ length: subspace }, (_, t) => 1 / Math.sqrt(1 + t));
    const norm = Math.sqrt(this.scales.reduce((s, x) => s + x * x, 0));
    for (let t = 0; t < subspace; t++) this.scales[t] /= norm;
  }

  /** Writes one random unit vector at `out[offset..offset+dims)`; returns its topic. */
  sample(rng: Rng, out: Float32Array, offset = 0): number {
    const { dims, clusters, subtopics, subspace } = this.opts;
    const topic = rng.int(clusters);
    const sub = topic * subtopics + rng.int(subtopics);
    const noise = NOISE_WEIGHT / Math.sqrt(dims);
    for (let d = 0; d < dims; d++) {
      out[offset + d] =
        MEAN_WEIGHT * this.mean[d] + TOPIC_WEIGHT * this.topics[topic * dims + d] + SUBTOPIC_WEIGHT * this.subtopicCentres[sub * dims + d] + noise * rng.normal();
    }
    for (let t = 0; t < subspace; t++) {
      const z = SUBSPACE_WEIGHT * this.scales[t] * rng.normal();
      const b = (topic * subspace + t) * dims;
      for (let d = 0; d < dims; d++) out[offset + d] += z * this.bases[b + d];
    }
    normalize(out, offset, dims);
    return topic;
  }

  /** n vectors, row after row. */
  generate(n: number, seed: number): Float32Array {
    const rng = new Rng(seed);
    const out = new Float32Array(n * this.dims);
    for (let i = 0; i < n; i++) this.sample(rng, out, i * this.dims);
    return out;
  }
}

/**
 * Held-out queries from the same distribution: random data points moved by isotropic noise of norm
 * `noise` (0.3 ≈ cosine 0.96 to the point they came from), renormalized. They are not in the index.
 */
export function perturbedQueries(matrix: Float32Array, dims: number, count: number, seed: number, noise = 0.3): Float32Array {
  const rng = new Rng(seed);
  const n = matrix.length / dims;
  const out = new Float32Array(count * dims);
  const scale = noise / Math.sqrt(dims);
  for (let q = 0; q < count; q++) {
    const src = rng.int(n) * dims;
    for (let d = 0; d < dims; d++) out[q * dims + d] = matrix[src + d] + scale * rng.normal();
    normalize(out, q * dims, dims);
  }
  return out;
}

/**
 * An Embedder that pretends to be the default model (Xenova/all-MiniLM-L6-v2, q8, 384 dims) and returns
 * synthetic vectors, the same vector for the same text. Lets ingest() build a 35k index in seconds.
 */
export function syntheticEmbedder(space = new ClusteredSpace()): Embedder {
  const spec = resolveModelSpec('Xenova/all-MiniLM-L6-v2');
  const embed = (texts: string[]) => {
    const out = new Float32Array(texts.length * space.dims);
    texts.forEach((t, i) => space.sample(new Rng(hashString(t) ^ space.opts.seed), out, i * space.dims));
    return out;
  };
  return {
    spec,
    dtype: 'q8',
    dims: space.dims,
    truncatedDocuments: 0,
    embedDocuments: async (texts, onProgress) => {
      const out = embed(texts);
      onProgress?.(texts.length);
      return out;
    },
    embedQuery: async (text) => embed([text]),
    dispose: async () => {},
  };
}

function unitRows(rng: Rng, rows: number, dims: number): Float32Array {
  const out = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dims; d++) out[r * dims + d] = rng.normal();
    normalize(out, r * dims, dims);
  }
  return out;
}

function normalize(v: Float32Array, offset: number, dims: number): void {
  let s = 0;
  for (let d = 0; d < dims; d++) s += v[offset + d] * v[offset + d];
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let d = 0; d < dims; d++) v[offset + d] *= inv;
}

/** Cosine statistics that describe the data: nearest-neighbour and random-pair cosine (on a sample). */
export function describeVectors(matrix: Float32Array, dims: number, probes = 200, seed = 3): { nnCosine: number; randomPairCosine: number } {
  const rng = new Rng(seed);
  const n = matrix.length / dims;
  let nn = 0;
  let rand = 0;
  for (let p = 0; p < probes; p++) {
    const i = rng.int(n);
    const j = rng.int(n);
    let best = -1;
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += matrix[i * dims + d] * matrix[r * dims + d];
      if (dot > best) best = dot;
    }
    nn += best;
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += matrix[i * dims + d] * matrix[j * dims + d];
    rand += dot;
  }
  return { nnCosine: nn / probes, randomPairCosine: rand / probes };
}
