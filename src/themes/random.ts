/**
 * Seeded randomness for the themes pipeline. Everything random (samples, k-means++ picks, restarts)
 * draws from streams derived from one user-visible seed, so a run is reproducible bit for bit.
 */

/** Used when the caller gives no seed: fixed so that two runs on the same collection agree. */
export const DEFAULT_SEED = 42;

/** Mixes a seed and a stream number into a new 32-bit seed (splitmix32-style finaliser). */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((stream + 1) >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** A small, fast PRNG (mulberry32): returns uniform numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stream numbers, so each stage's draws are independent of how many draws another stage made. */
export const STREAM = {
  silhouetteSample: 1,
  fitSample: 2,
  /** Restart r of a k-means fit uses stream `kmeansRestart + r`. */
  kmeansRestart: 1000,
  /** The sub-themes of theme t are computed with the seed derived from stream `subthemes + t`. */
  subthemes: 100_000,
} as const;

/**
 * `m` distinct indices from 0..n-1 chosen uniformly (partial Fisher-Yates), returned ascending so
 * rows are visited in storage order. All of them when m >= n.
 */
export function sampleIndices(n: number, m: number, random: () => number): Int32Array {
  if (m >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.slice(0, m).sort();
}
