import { createRandom, deriveSeed, sampleIndices } from '../themes/random.js';
import { exactTopK } from '../vectors/exact.js';
import { DEFAULT_HNSW, type VectorIndex } from '../vectors/hnsw.js';
import { hnswNeighborGraph, temporaryVectorIndex } from '../vectors/hnsw-graph.js';
import { EXACT_GRAPH_MAX, exactNeighborGraph, type NeighborGraph } from '../vectors/neighbor-graph.js';
import { umapLayout, type UmapSettings } from './umap-layout.js';

/** Random streams of the layout, apart from UMAP's own. */
const LANDMARK_STREAM = 7001;
const JITTER_STREAM = 7002;

export interface LandmarkLayout {
  x: Float32Array;
  y: Float32Array;
  landmarks: number;
  epochs: number;
  epochsRun: number;
  /** Papers that had no landmark among their graph neighbours and were placed by a search of the landmarks. */
  searched: number;
}

/**
 * UMAP for collections too big to lay out whole in JavaScript: UMAP on a seeded sample of landmark
 * papers (with their own neighbour graph among themselves), then every other paper placed at the
 * similarity-weighted mean of its nearest landmarks, plus a little seeded scatter so a dense theme
 * reads as a cloud and not as points stacked on its landmarks.
 */
export function landmarkLayout(
  matrix: Float32Array,
  dims: number,
  graph: NeighborGraph,
  init: { x: Float32Array; y: Float32Array },
  landmarkCount: number,
  settings: UmapSettings,
): LandmarkLayout {
  const { n, k } = graph;
  const landmarks = sampleIndices(n, landmarkCount, createRandom(deriveSeed(settings.seed, LANDMARK_STREAM)));
  const m = landmarks.length;
  const landmarkOf = new Int32Array(n).fill(-1);
  landmarks.forEach((row, i) => (landmarkOf[row] = i));

  const sub = new Float32Array(m * dims);
  landmarks.forEach((row, i) => sub.set(matrix.subarray(row * dims, (row + 1) * dims), i * dims));
  const labels = Int32Array.from({ length: m }, (_, i) => i);
  const searchable = m > EXACT_GRAPH_MAX ? temporaryVectorIndex(sub, labels, DEFAULT_HNSW) : undefined;
  const subGraph = searchable ? hnswNeighborGraph(searchable, sub, labels, k) : exactNeighborGraph(sub, m, k);
  const u = umapLayout(subGraph, { x: pick(init.x, landmarks), y: pick(init.y, landmarks) }, settings);

  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const random = createRandom(deriveSeed(settings.seed, JITTER_STREAM));
  let searched = 0;
  for (let row = 0; row < n; row++) {
    const own = landmarkOf[row];
    if (own >= 0) {
      x[row] = u.x[own];
      y[row] = u.y[own];
      continue;
    }
    let near = landmarkNeighbours(graph, landmarkOf, row);
    if (near.length === 0) {
      near = searchLandmarks(matrix.subarray(row * dims, (row + 1) * dims), sub, labels, searchable);
      searched++;
    }
    placeAmong(near, u, random, x, y, row);
  }
  return { x, y, landmarks: m, epochs: u.epochs, epochsRun: u.epochsRun, searched };
}

interface Near {
  landmark: number;
  similarity: number;
}

function landmarkNeighbours(graph: NeighborGraph, landmarkOf: Int32Array, row: number): Near[] {
  const near: Near[] = [];
  for (let j = 0; j < graph.k; j++) {
    const other = graph.indices[row * graph.k + j];
    if (other >= 0 && landmarkOf[other] >= 0) near.push({ landmark: landmarkOf[other], similarity: graph.similarities[row * graph.k + j] });
  }
  return near;
}

/** Few papers lack a landmark among their neighbours; for them, ask the landmarks directly. */
function searchLandmarks(vector: Float32Array, sub: Float32Array, labels: Int32Array, searchable: VectorIndex | undefined): Near[] {
  const COUNT = 5;
  const hits = searchable ? searchable.search(vector, COUNT) : exactTopK(vector, sub, labels, COUNT);
  return hits.map((h) => ({ landmark: h.label, similarity: h.score }));
}

/**
 * The similarity-weighted mean of the landmarks' positions (weights sharpened so the nearest counts
 * most), scattered by a fraction of how far apart those landmarks sit.
 */
function placeAmong(near: Near[], u: { x: Float32Array; y: Float32Array }, random: () => number, x: Float32Array, y: Float32Array, row: number): void {
  let wSum = 0;
  let mx = 0;
  let my = 0;
  const best = Math.max(...near.map((a) => a.similarity));
  const weights = near.map((a) => Math.exp(8 * (a.similarity - best)));
  near.forEach((a, i) => {
    wSum += weights[i];
    mx += weights[i] * u.x[a.landmark];
    my += weights[i] * u.y[a.landmark];
  });
  mx /= wSum;
  my /= wSum;
  let spread = 0;
  near.forEach((a, i) => (spread += weights[i] * Math.hypot(u.x[a.landmark] - mx, u.y[a.landmark] - my)));
  spread = spread / wSum;
  // With one landmark there is no spread to go by: a small fixed scatter in UMAP units.
  const radius = 0.3 * (spread > 0 ? spread : 0.1) * Math.sqrt(random());
  const angle = 2 * Math.PI * random();
  x[row] = mx + radius * Math.cos(angle);
  y[row] = my + radius * Math.sin(angle);
}

function pick(values: Float32Array, rows: Int32Array): Float32Array {
  return Float32Array.from(rows, (row) => values[row]);
}
