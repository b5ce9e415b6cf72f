import { DEFAULT_SEED } from '../themes/random.js';
import type { ProjectionMethod } from './model.js';
import type { NeighborGraph } from '../vectors/neighbor-graph.js';
import { PCA_SAMPLE_ROWS, principalAxes, projectOnto } from './pca.js';
import { landmarkLayout } from './landmark-layout.js';
import { umapLayout } from './umap-layout.js';

/** Below this many papers UMAP's neighbourhood graph is too small to mean anything. */
export const UMAP_MIN_PAPERS = 15;
/**
 * Above this many papers UMAP runs on this many landmark papers and places the rest by their nearest
 * landmarks. Judged by trustworthiness (10 neighbours, a 5,000 sample; npm run quality) on the 35,000
 * arXiv papers with real weights: 10,000 landmarks and the rest placed 0.846 (map 20 s, 0.95 GB);
 * UMAP on all 35,000, 100 epochs 0.895 (39 s, 2.2 GB), 200 epochs 0.904 (60 s); umap-learn 0.909
 * (62 s). Placement is the loss, not umap-js: on the landmarks alone it scores 0.902 against
 * umap-learn's 0.912, and sharper placement or 20-50 refining epochs on all papers gained less.
 * umap-js keeps its graph in Maps keyed by strings, hence the memory.
 */
export const UMAP_MAX_PAPERS = 35_000;
/** Optimisation stops after this long even if epochs remain; the PCA start keeps an early stop sane. */
export const UMAP_BUDGET_MS = 45_000;
/**
 * Epochs: umap-js's 500 for small sets; 200 above, which the PCA start makes enough; 100 above 10,000
 * papers, to stay inside the time budget (35,000 papers: 0.895 trustworthiness at 100, 0.904 at 200).
 */
const epochsFor = (n: number) => (n <= 2500 ? 500 : n <= 10_000 ? 200 : 100);
const MIN_DIST = 0.1;

export interface ProjectOptions {
  seed?: number;
  umapMinPapers?: number;
  umapMaxPapers?: number;
  budgetMs?: number;
}

export interface Projection {
  /** Map positions in [0, 1], the same scale on both axes. */
  x: Float32Array;
  y: Float32Array;
  method: ProjectionMethod;
  reason: string;
  params: Record<string, number | string>;
}

/** 2D positions for the papers: UMAP on the neighbour graph when it is worth it, else PCA. */
export function projectTo2D(matrix: Float32Array, dims: number, graph: NeighborGraph, o: ProjectOptions = {}): Projection {
  const seed = o.seed ?? DEFAULT_SEED;
  const min = o.umapMinPapers ?? UMAP_MIN_PAPERS;
  const max = o.umapMaxPapers ?? UMAP_MAX_PAPERS;
  const n = graph.n;
  const pca = principalAxes(matrix, dims, 2, seed);
  const [px, py] = projectOnto(matrix, dims, pca);
  const pcaParams = { seed, sampledRows: Math.min(n, PCA_SAMPLE_ROWS), varianceAxis1: round(pca.variances[0] ?? 0), varianceAxis2: round(pca.variances[1] ?? 0) };
  if (n < min || graph.k < 2) {
    return { ...normaliseToUnitSquare(px, py), method: 'pca', reason: `fewer than ${min} papers: too few for UMAP`, params: pcaParams };
  }
  const budgetMs = o.budgetMs ?? UMAP_BUDGET_MS;
  const settings = { seed, minDist: MIN_DIST, epochs: epochsFor(Math.min(n, max)), budgetMs };
  const params = { seed, nNeighbors: graph.k + 1, minDist: MIN_DIST, metric: 'cosine', init: 'pca' };
  const stopped = (u: { epochs: number; epochsRun: number }) =>
    u.epochsRun < u.epochs ? `stopped after ${u.epochsRun} of ${u.epochs} epochs (time budget ${budgetMs / 1000} s)` : `${u.epochs} epochs`;
  if (n > max) {
    const u = landmarkLayout(matrix, dims, graph, { x: px, y: py }, max, settings);
    return {
      ...normaliseToUnitSquare(u.x, u.y),
      method: 'umap',
      reason: `on ${u.landmarks.toLocaleString('en-US')} landmark papers (${stopped(u)}); the other ${(n - u.landmarks).toLocaleString('en-US')} placed by their nearest landmarks`,
      params: { ...params, epochs: u.epochsRun, landmarks: u.landmarks, placedBySearch: u.searched },
    };
  }
  const u = umapLayout(graph, { x: px, y: py }, settings);
  return {
    ...normaliseToUnitSquare(u.x, u.y),
    method: 'umap',
    reason: `on the ${graph.k}-nearest-neighbour graph, ${stopped(u)}`,
    params: { ...params, epochs: u.epochsRun },
  };
}

/**
 * Scales both axes by the same factor into [0, 1] (so distances keep their proportions) and
 * centres the shorter one. A single point, or all points in one place, lands in the middle.
 */
export function normaliseToUnitSquare(x: Float32Array, y: Float32Array): { x: Float32Array; y: Float32Array } {
  const range = (v: Float32Array) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const a of v) {
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    return v.length ? { lo, span: hi - lo } : { lo: 0, span: 0 };
  };
  const rx = range(x);
  const ry = range(y);
  const span = Math.max(rx.span, ry.span);
  const place = (v: Float32Array, r: { lo: number; span: number }) =>
    v.map((a) => (span > 0 ? (a - r.lo) / span + (1 - r.span / span) / 2 : 0.5));
  return { x: place(x, rx), y: place(y, ry) };
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}
