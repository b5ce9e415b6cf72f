import { describe, expect, it } from 'vitest';
import { exactNeighborGraph } from '../../src/report/neighbor-graph.js';
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

  it('falls back to PCA above the size limit', () => {
    const { matrix, graph } = clusters(20);
    const p = projectTo2D(matrix, dims, graph, { umapMaxPapers: 50 });
    expect(p.method).toBe('pca');
    expect(p.reason).toMatch(/more than 50 papers/);
  });

  it('normalises to [0, 1] keeping proportions, centring the short axis', () => {
    const n = normaliseToUnitSquare(Float32Array.from([-2, 0, 2]), Float32Array.from([10, 11, 10]));
    expect(Array.from(n.x)).toEqual([0, 0.5, 1]);
    expect(n.y[0]).toBeCloseTo(0.375, 6);
    expect(n.y[1]).toBeCloseTo(0.625, 6);
    const single = normaliseToUnitSquare(Float32Array.from([3]), Float32Array.from([4]));
    expect([single.x[0], single.y[0]]).toEqual([0.5, 0.5]);
  });
});
