import { describe, expect, it } from 'vitest';
import { nearDuplicatePairs } from '../../src/report/duplicates.js';
import { DEFAULT_HNSW } from '../../src/vectors/hnsw.js';
import { hnswNeighborGraph, temporaryVectorIndex } from '../../src/vectors/hnsw-graph.js';
import { exactNeighborGraph, type NeighborGraph } from '../../src/vectors/neighbor-graph.js';
import { clusteredVectors, seeded } from './helpers.js';

function randomCentres(count: number, dims: number, seed: number): number[][] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => Array.from({ length: dims }, () => random() - 0.5));
}

function rowOf(g: NeighborGraph, i: number) {
  return Array.from({ length: g.k }, (_, j) => ({ index: g.indices[i * g.k + j], similarity: g.similarities[i * g.k + j] }));
}

describe('neighbour graph', () => {
  const dims = 16;
  const matrix = clusteredVectors(randomCentres(5, dims, 3), 30, 0.4, 4);
  const n = 150;

  it('exact: excludes the paper itself and sorts nearest first', () => {
    const g = exactNeighborGraph(matrix, n, 6);
    for (let i = 0; i < n; i++) {
      const row = rowOf(g, i);
      expect(row.map((r) => r.index)).not.toContain(i);
      expect(new Set(row.map((r) => r.index)).size).toBe(6);
      for (let j = 1; j < row.length; j++) expect(row[j - 1].similarity).toBeGreaterThanOrEqual(row[j].similarity);
    }
  });

  it('HNSW agrees with exact search on a small set', () => {
    const labels = Int32Array.from({ length: n }, (_, i) => 1000 + i * 3); // rowids are not row numbers
    const exact = exactNeighborGraph(matrix, n, 5);
    const approx = hnswNeighborGraph(temporaryVectorIndex(matrix, labels, DEFAULT_HNSW), matrix, labels, 5);
    let agree = 0;
    for (let i = 0; i < n; i++) {
      const row = rowOf(approx, i);
      expect(row.map((r) => r.index)).not.toContain(i);
      for (let j = 1; j < row.length; j++) expect(row[j - 1].similarity).toBeGreaterThanOrEqual(row[j].similarity);
      const want = new Set(rowOf(exact, i).map((r) => r.index));
      agree += row.filter((r) => want.has(r.index)).length;
    }
    expect(agree / (n * 5)).toBeGreaterThan(0.98);
  });

  it('leaves the paper itself out even when another paper has the identical vector', () => {
    const twins = new Float32Array([1, 0, 0, 1, 0, 0, 0, 1, 0]);
    const g = exactNeighborGraph(twins, 3, 2);
    expect(rowOf(g, 0)[0]).toEqual({ index: 1, similarity: 1 });
    expect(rowOf(g, 1)[0]).toEqual({ index: 0, similarity: 1 });
    const labels = Int32Array.from([7, 8, 9]);
    const h = hnswNeighborGraph(temporaryVectorIndex(twins, labels, DEFAULT_HNSW), twins, labels, 2);
    expect(rowOf(h, 0)[0].index).toBe(1);
    expect(rowOf(h, 0)[0].similarity).toBeCloseTo(1, 5);
    expect(rowOf(h, 1)[0].index).toBe(0);
  });

  it('marks empty slots when there are fewer papers than neighbours asked for', () => {
    const g = exactNeighborGraph(new Float32Array([1, 0, 0, 1]), 2, 3);
    expect(Array.from(g.indices)).toEqual([1, -1, -1, 0, -1, -1]);
  });
});

describe('near-duplicates from the neighbour lists', () => {
  const graph: NeighborGraph = {
    n: 4,
    k: 2,
    indices: Int32Array.from([1, 2, 0, 3, 3, 0, 2, 1]),
    similarities: Float32Array.from([0.99, 0.5, 0.99, 0.4, 0.97, 0.5, 0.97, 0.4]),
  };

  it('reports each pair once (a < b), most similar first', () => {
    expect(nearDuplicatePairs(graph, 0.95)).toEqual([
      { a: 0, b: 1, similarity: expect.closeTo(0.99, 5) },
      { a: 2, b: 3, similarity: expect.closeTo(0.97, 5) },
    ]);
  });

  it('honours the threshold (inclusive) and skips empty slots', () => {
    expect(nearDuplicatePairs(graph, 0.98)).toHaveLength(1);
    expect(nearDuplicatePairs(graph, 1.01)).toEqual([]);
    expect(nearDuplicatePairs({ n: 1, k: 1, indices: Int32Array.from([-1]), similarities: Float32Array.from([0]) }, 0)).toEqual([]);
  });
});
