import { UMAP } from 'umap-js';
import { createRandom } from '../themes/random.js';
import type { NeighborGraph } from '../vectors/neighbor-graph.js';

export interface UmapSettings {
  seed: number;
  minDist: number;
  /** Optimisation epochs; umap-js's own default depends on n (500 for small sets, 200 above 7.5k). */
  epochs?: number;
  /** Stop optimising after this long (the layout is usable early thanks to the PCA start). */
  budgetMs?: number;
}

export interface UmapResult {
  x: Float32Array;
  y: Float32Array;
  epochs: number;
  epochsRun: number;
}

/**
 * UMAP on the precomputed neighbour graph, so umap-js never searches for neighbours itself (its
 * NN-descent in plain JS is the slow part). `init` is where points start (the PCA layout): umap-js
 * starts from random positions, which leaves the clusters' places on the map arbitrary.
 */
export function umapLayout(graph: NeighborGraph, init: { x: Float32Array; y: Float32Array }, s: UmapSettings): UmapResult {
  const { n, k } = graph;
  // umap-js expects each list to start with the point itself at distance 0.
  const knnIndices: number[][] = new Array(n);
  const knnDistances: number[][] = new Array(n);
  let farthest = 0;
  for (let i = 0; i < n * k; i++) if (graph.indices[i] >= 0) farthest = Math.max(farthest, 1 - graph.similarities[i]);
  for (let i = 0; i < n; i++) {
    const idx = [i];
    const dist = [0];
    for (let j = 0; j < k; j++) {
      const other = graph.indices[i * k + j];
      idx.push(other);
      // Cosine distance; a missing slot (-1) is skipped by umap-js, its distance only needs to be large.
      dist.push(other >= 0 ? Math.max(0, 1 - graph.similarities[i * k + j]) : farthest);
    }
    knnIndices[i] = idx;
    knnDistances[i] = dist;
  }
  const umap = new UMAP({ nComponents: 2, nNeighbors: k + 1, minDist: s.minDist, nEpochs: s.epochs, random: createRandom(s.seed) });
  umap.setPrecomputedKNN(knnIndices, knnDistances);
  // With a precomputed graph umap-js reads only the number of rows of X.
  const epochs = umap.initializeFit(Array.from({ length: n }, () => []));
  startFrom(umap.getEmbedding(), init);
  const started = performance.now();
  let epochsRun = 0;
  while (epochsRun < epochs) {
    umap.step();
    epochsRun++;
    if (s.budgetMs !== undefined && performance.now() - started > s.budgetMs) break;
  }
  const embedding = umap.getEmbedding();
  return {
    x: Float32Array.from(embedding, (p) => p[0]),
    y: Float32Array.from(embedding, (p) => p[1]),
    epochs,
    epochsRun,
  };
}

/**
 * Overwrites umap-js's random start in place, scaled to the [-10, 10] box it uses. getEmbedding()
 * returns the live arrays the optimiser moves; if a future umap-js copies them this does nothing
 * and UMAP simply starts from random, which is still a valid layout.
 */
function startFrom(embedding: number[][], init: { x: Float32Array; y: Float32Array }): void {
  const scale = (v: Float32Array) => {
    let max = 0;
    for (const a of v) max = Math.max(max, Math.abs(a));
    return max > 0 ? 10 / max : 0;
  };
  const sx = scale(init.x);
  const sy = scale(init.y);
  if (sx === 0 || sy === 0) return; // a flat PCA layout would start every point in one place
  embedding.forEach((p, i) => {
    if (p.length < 2) return;
    p[0] = init.x[i] * sx;
    p[1] = init.y[i] * sy;
  });
}
