import { describe, expect, it } from 'vitest';
import { exactNeighborGraph } from '../../src/vectors/neighbor-graph.js';
import { normaliseToUnitSquare, projectTo2D } from '../../src/report/project.js';
import { clusteredVectors } from './helpers.js';

const dims = 8;
const centres = [
  [1, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 1, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 1, 0],
];

function clusters(perCentre: number, seed = 1) {
  const matrix = clusteredVectors(centres, perCentre, 0.25, seed);
  const n = centres.length * perCentre;
  return { matrix, n, graph: exactNeighborGraph(matrix, n, 10) };
}

const inUnitSquare = (v: Float32Array) => Array.from(v).every((a) => a >= 0 && a <= 1);

describe('2D map', () => {
  it('uses UMAP on the neighbour graph and is deterministic for a seed', () => {
    const { matrix, graph } = clusters(40);
    const a = projectTo2D(matrix, dims, graph, { seed: 7 });
    const b = projectTo2D(matrix, dims, graph, { seed: 7 });
    expect(a.method).toBe('umap');
    expect(a.params).toMatchObject({ seed: 7, nNeighbors: 11, init: 'pca' });
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
    const c = projectTo2D(matrix, dims, graph, { seed: 8 });
    expect(Array.from(c.x)).not.toEqual(Array.from(a.x));
  }, 60_000);

  it('keeps separate clusters apart on the map', () => {
    const { matrix, graph } = clusters(40, 2);
    const p = projectTo2D(matrix, dims, graph, { seed: 1 });
    const centre = (c: number) => {
      let x = 0;
      let y = 0;
      for (let i = c * 40; i < (c + 1) * 40; i++) {
        x += p.x[i];
        y += p.y[i];
      }
      return [x / 40, y / 40];
    };
    const spread = (c: number) => {
      const [cx, cy] = centre(c);
      let s = 0;
      for (let i = c * 40; i < (c + 1) * 40; i++) s += Math.hypot(p.x[i] - cx, p.y[i] - cy);
      return s / 40;
    };
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        const [ax, ay] = centre(a);
        const [bx, by] = centre(b);
        expect(Math.hypot(ax - bx, ay - by)).toBeGreaterThan(2 * Math.max(spread(a), spread(b)));
      }
    }
  }, 60_000);

  it('falls back to PCA for a handful of papers, and says why', () => {
    const { matrix, graph } = clusters(3);
    const p = projectTo2D(matrix, dims, graph);
    expect(p.method).toBe('pca');
    expect(p.reason).toMatch(/too few for UMAP/);
    expect(inUnitSquare(p.x) && inUnitSquare(p.y)).toBe(true);
  });

  it('above the size limit, lays out landmarks with UMAP and places every other paper with its cluster', () => {
    const per = 60;
    const { matrix, graph } = clusters(per, 3);
    const p = projectTo2D(matrix, dims, graph, { seed: 5, umapMaxPapers: 45 });
    expect(p.method).toBe('umap');
    expect(p.params).toMatchObject({ landmarks: 45 });
    expect(p.reason).toMatch(/on 45 landmark papers .*; the other 135 placed by their nearest landmarks/);
    expect(inUnitSquare(p.x) && inUnitSquare(p.y)).toBe(true);
    // Each paper sits nearer the centre of its own cluster on the map than any other cluster's centre.
    const centres = [0, 1, 2].map((c) => {
      let x = 0;
      let y = 0;
      for (let i = c * per; i < (c + 1) * per; i++) {
        x += p.x[i];
        y += p.y[i];
      }
      return [x / per, y / per];
    });
    let misplaced = 0;
    for (let i = 0; i < 3 * per; i++) {
      const own = Math.floor(i / per);
      const d = centres.map(([cx, cy]) => Math.hypot(p.x[i] - cx, p.y[i] - cy));
      if (d.some((v, c) => c !== own && v <= d[own])) misplaced++;
    }
    expect(misplaced).toBe(0);
    // Not stacked on the landmarks: the papers of a cluster take many distinct places.
    const places = new Set(Array.from({ length: per }, (_, i) => `${p.x[i].toFixed(6)},${p.y[i].toFixed(6)}`));
    expect(places.size).toBe(per);
    const again = projectTo2D(matrix, dims, graph, { seed: 5, umapMaxPapers: 45 });
    expect(Array.from(again.x)).toEqual(Array.from(p.x));
  }, 60_000);

  it('normalises to [0, 1] keeping proportions, centring the short axis', () => {
    const n = normaliseToUnitSquare(Float32Array.from([-2, 0, 2]), Float32Array.from([10, 11, 10]));
    expect(Array.from(n.x)).toEqual([0, 0.5, 1]);
    expect(n.y[0]).toBeCloseTo(0.375, 6);
    expect(n.y[1]).toBeCloseTo(0.625, 6);
    const single = normaliseToUnitSquare(Float32Array.from([3]), Float32Array.from([4]));
    expect([single.x[0], single.y[0]]).toEqual([0.5, 0.5]);
  });
});
