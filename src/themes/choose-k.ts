import { UserError } from '../errors.js';
import { assignNearest } from './assign.js';
import { lloyd, restartRandom, toRows, type KMeansFit } from './kmeans.js';
import { kmeansPlusPlus } from './kmeans-plus-plus.js';
import { createRandom, deriveSeed, DEFAULT_SEED, STREAM, sampleIndices } from './random.js';
import { meanSilhouette, pairwiseDistances } from './silhouette.js';
import { gatherRows, normalizeRows } from './vector-math.js';

/** More themes than this are hard to read in a list or a heatmap; `kRange` can ask for more. */
export const MAX_AUTO_K = 30;
/** Below this many papers there is nothing to compare: one theme. */
export const MIN_PAPERS_TO_SPLIT = 4;
/** Silhouette is O(m²): 2,000 points keep it near a second whatever the collection size. */
export const DEFAULT_SILHOUETTE_SAMPLE = 2000;
/**
 * Candidates only need a fair comparison, not the final partition: at least two k-means runs each (one
 * was not enough: a bad start for the true k made 8 clear blobs look like another k), at most 30 Lloyd
 * iterations. ml-kmeans' Lloyd steps are most of choose-k's time (sample × Σk × restarts), so small
 * samples, where silhouette is noisiest and runs cost nothing, get more: 4,000 / m, from 2 up to 20.
 * The bundled 26-paper sample (real weights): 2 runs picked k = 4 of 2..7, 20 runs k = 6 (ARI against
 * its 7 hand topics 0.44 -> 0.58); 2,000-paper samples (collections of 2,000+) keep 2.
 */
export function candidateRestarts(sampleSize: number): number {
  return Math.max(2, Math.min(20, Math.floor(4000 / Math.max(1, sampleSize))));
}
const CANDIDATE_MAX_ITERATIONS = 30;
/**
 * Twice scikit-learn's 2 + ln k local trials when seeding candidates: with its count, bad seedings
 * made choose-k miss the true k on 3 of 10 test sets of 12 blobs; with twice as many, on none.
 * Seeding the 2,000-point sample stays cheap.
 */
const CANDIDATE_TRIALS_FACTOR = 2;

export interface KScore {
  k: number;
  /** Mean silhouette on the sample (−1..1, higher is better); NaN if the fit collapsed to one cluster. */
  silhouette: number;
  /** k-means inertia on the sample, for an elbow plot. */
  inertia: number;
}

export interface ChooseKOptions {
  kRange?: [number, number];
  seed?: number;
  /** k-means++ restarts per candidate k; default candidateRestarts(sample size). */
  restarts?: number;
  sampleSize?: number;
}

/**
 * Below this best mean silhouette the collection has no clear cluster structure at any k, which is
 * the usual case for sentence embeddings of a broad collection (0.01–0.08). Silhouette then favours
 * k = 2 by a hair, and two themes for thousands of papers name nothing: the choice is made among
 * k >= hi / 3 instead (35,000 papers: 10..30; 1,000: 7..22; 50: 2..5). Real blobs score far above.
 */
export const WEAK_SILHOUETTE = 0.1;

export interface KChoice {
  /** Best k, or undefined when no candidate could be scored (e.g. all vectors identical). */
  k: number | undefined;
  /** Set when no k reached WEAK_SILHOUETTE and k was chosen among k >= this floor. */
  weakStructureFloor?: number;
  scores: KScore[];
  /** Papers the silhouette was computed on. */
  sampleSize: number;
}

/**
 * Candidate k values for n papers: 2 .. clamp(floor(sqrt(2n)), 2, 30), never above n − 1. The cap keeps
 * the theme list readable and binds from 450 papers on. Below that, the classic sqrt(n/2) (the default
 * before) left small libraries with a handful of themes: the bundled sample of 26 papers on 7 topics got
 * 2..3 and 3 themes (ARI 0.30 against the topics), where 2..7 lets silhouette find 6 (ARI 0.58).
 * A user `kRange` must satisfy 2 <= lo <= hi; hi is clamped to n − 1.
 */
export function candidateKRange(n: number, kRange?: [number, number]): [number, number] {
  if (kRange) {
    const [lo, hi] = kRange;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 2 || hi < lo) {
      throw new UserError(
        `invalid k range ${lo}..${hi}`,
        'give two whole numbers lo..hi with 2 <= lo <= hi (silhouette cannot score a single theme), or give k itself',
      );
    }
    if (lo > n - 1) {
      throw new UserError(
        `k range ${lo}..${hi} needs more than ${lo} papers, and the collection has ${n}`,
        `lower the range to at most 2..${Math.max(2, n - 1)}, or ingest more papers`,
      );
    }
    return [lo, Math.min(hi, n - 1)];
  }
  const hi = Math.max(2, Math.min(MAX_AUTO_K, Math.floor(Math.sqrt(2 * n)), n - 1));
  return [2, hi];
}

/**
 * Picks k by mean silhouette. A fixed-seed sample of at most `sampleSize` papers is clustered for
 * every candidate k (best of `restarts` k-means runs by inertia) and scored on itself, so the cost
 * does not grow with the collection. The best silhouette wins; ties go to the smaller k.
 */
export function chooseK(vectors: Float32Array, dims: number, opts: ChooseKOptions = {}): KChoice {
  const n = vectors.length / dims;
  const seed = opts.seed ?? DEFAULT_SEED;
  const [lo, hi] = candidateKRange(n, opts.kRange);
  const sampleRows = sampleIndices(n, opts.sampleSize ?? DEFAULT_SILHOUETTE_SAMPLE, createRandom(deriveSeed(seed, STREAM.silhouetteSample)));
  const sample = gatherRows(vectors, dims, sampleRows);
  const m = sampleRows.length;
  const distances = pairwiseDistances(sample, dims);

  const rows = toRows(sample, dims);
  const restarts = Math.max(1, Math.floor(opts.restarts ?? candidateRestarts(m)));
  // Silhouette needs k <= m - 1. One seeding per restart for the largest k; each k takes a prefix.
  const top = Math.min(hi, m - 1);
  const seedings = Array.from({ length: restarts }, (_, r) =>
    kmeansPlusPlus(sample, dims, top, restartRandom(seed, r), { allowFewer: true, trialsFactor: CANDIDATE_TRIALS_FACTOR }),
  );

  const scores: KScore[] = [];
  for (let k = lo; k <= top; k++) {
    let fit: KMeansFit | undefined;
    for (const seeding of seedings) {
      if (seeding.length < k) continue; // fewer distinct points than k
      const candidate = lloyd(rows, sample, dims, seeding.subarray(0, k), { maxIterations: CANDIDATE_MAX_ITERATIONS });
      if (!fit || candidate.inertia < fit.inertia) fit = candidate;
    }
    if (!fit) break; // larger k cannot work either
    const labels = assignNearest(sample, dims, normalizeRows(fit.centroids.slice(), dims)).assignment;
    const score: KScore = { k, silhouette: meanSilhouette(distances, labels, k), inertia: fit.inertia };
    scores.push(score);
  }
  const best = bestOf(scores);
  const floor = Math.max(2, Math.floor(top / 3));
  if (!opts.kRange && best && best.silhouette < WEAK_SILHOUETTE && floor > lo) {
    const above = bestOf(scores.filter((s) => s.k >= floor));
    if (above) return { k: above.k, scores, sampleSize: m, weakStructureFloor: floor };
  }
  return { k: best?.k, scores, sampleSize: m };
}

/** Highest silhouette, ties to the smaller k (scores come in increasing k). */
function bestOf(scores: KScore[]): KScore | undefined {
  let best: KScore | undefined;
  for (const s of scores) if (!Number.isNaN(s.silhouette) && (!best || s.silhouette > best.silhouette)) best = s;
  return best;
}
