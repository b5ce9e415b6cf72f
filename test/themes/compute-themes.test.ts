import { describe, expect, it } from 'vitest';
import { computeThemes } from '../../src/themes/index.js';
import { adjustedRandIndex } from '../helpers/adjusted-rand-index.js';
import { dot } from '../../src/themes/vector-math.js';
import { blobs, noText } from './blobs.js';

const dims = 32;
const data = blobs({ sizes: [30, 90, 60, 45], dims, seed: 21 });

describe('computeThemes with k given', () => {
  const result = computeThemes(data.vectors, dims, noText, { k: 4 });

  it('makes exactly k themes covering every paper', () => {
    expect(result.chosenBy).toBe('user');
    expect(result.kScores).toEqual([]);
    expect(result.themes.map((t) => t.id)).toEqual([0, 1, 2, 3]);
    expect(result.themes.reduce((s, t) => s + t.size, 0)).toBe(225);
    expect(new Set(result.assignment)).toEqual(new Set([0, 1, 2, 3]));
    expect(adjustedRandIndex(result.assignment, data.labels)).toBeGreaterThan(0.95);
  });

  it('orders themes largest first', () => {
    expect(result.themes.map((t) => t.size)).toEqual([90, 60, 45, 30]);
    result.themes.forEach((t) => expect(result.assignment.filter((c) => c === t.id)).toHaveLength(t.size));
  });

  it('also makes exactly k themes when k differs from the structure', () => {
    for (const k of [1, 2, 7]) expect(computeThemes(data.vectors, dims, noText, { k }).themes).toHaveLength(k);
  });

  it('assigns each paper to its nearest unit centroid and reports that cosine', () => {
    for (const t of result.themes) expect(dot(t.centroid, 0, t.centroid, 0, dims)).toBeCloseTo(1, 5);
    for (let i = 0; i < 225; i++) {
      const sims = result.themes.map((t) => dot(data.vectors, i * dims, t.centroid, 0, dims));
      expect(result.assignment[i]).toBe(sims.indexOf(Math.max(...sims)));
      expect(result.similarityToCentroid[i]).toBeCloseTo(sims[result.assignment[i]], 5);
    }
  });

  it('picks the three papers nearest each centroid as representatives', () => {
    for (const t of result.themes) {
      const members = [...result.assignment.keys()].filter((i) => result.assignment[i] === t.id);
      const nearest = members.sort((a, b) => result.similarityToCentroid[b] - result.similarityToCentroid[a] || a - b);
      expect(t.representatives).toEqual(nearest.slice(0, 3));
    }
  });

  it('gives theme-to-theme cosine and nearest neighbouring themes', () => {
    const s = result.themeSimilarity;
    expect(s).toHaveLength(4);
    for (let a = 0; a < 4; a++) {
      expect(s[a][a]).toBe(1);
      for (let b = 0; b < 4; b++) {
        expect(s[a][b]).toBeCloseTo(s[b][a], 6);
        expect(s[a][b]).toBeCloseTo(dot(result.themes[a].centroid, 0, result.themes[b].centroid, 0, dims), 6);
      }
      const neighbors = result.themes[a].neighbors;
      expect(neighbors).toHaveLength(3);
      expect(neighbors.map((x) => x.theme)).not.toContain(a);
      for (let j = 1; j < neighbors.length; j++) expect(neighbors[j - 1].similarity).toBeGreaterThanOrEqual(neighbors[j].similarity);
    }
  });

  it('reports cohesion as the mean similarity of the members', () => {
    for (const t of result.themes) {
      const sims = [...result.similarityToCentroid].filter((_, i) => result.assignment[i] === t.id);
      expect(t.cohesion).toBeCloseTo(sims.reduce((a, b) => a + b, 0) / sims.length, 5);
    }
  });
});

describe('stable output', () => {
  it('is identical for the same input and seed', () => {
    const a = computeThemes(data.vectors, dims, noText, { seed: 5 });
    const b = computeThemes(data.vectors, dims, noText, { seed: 5 });
    const strip = (r: typeof a) => ({ ...r, timings: undefined });
    expect(strip(b)).toEqual(strip(a));
  });

  it('uses a fixed default seed', () => {
    const a = computeThemes(data.vectors, dims, noText);
    const b = computeThemes(data.vectors, dims, noText);
    expect(a.seed).toBe(42);
    expect(b.assignment).toEqual(a.assignment);
    expect(b.kScores).toEqual(a.kScores);
  });

  it('still recovers the blobs with other seeds', () => {
    for (const seed of [1, 2, 3]) {
      const r = computeThemes(data.vectors, dims, noText, { seed });
      expect(r.seed).toBe(seed);
      expect(adjustedRandIndex(r.assignment, data.labels)).toBeGreaterThan(0.95);
    }
  });

  it('breaks size ties by the lowest row in the theme', () => {
    const even = blobs({ sizes: [40, 40, 40], dims, seed: 22 });
    const r = computeThemes(even.vectors, dims, noText, { k: 3 });
    const firstRows = r.themes.map((t) => r.assignment.indexOf(t.id));
    expect(firstRows).toEqual([...firstRows].sort((x, y) => x - y));
    expect(r.assignment[0]).toBe(0);
  });
});

describe('texts', () => {
  const countCalls = (opts: Parameters<typeof computeThemes>[3]) => {
    const calls = new Map<number, number>();
    const r = computeThemes(data.vectors, dims, (i) => {
      calls.set(i, (calls.get(i) ?? 0) + 1);
      return { title: 't', abstract: null };
    }, opts);
    return { r, calls };
  };

  it('asks for every paper text exactly once when no theme is split', () => {
    const { calls } = countCalls({ minSubthemePapers: Infinity });
    expect(calls.size).toBe(225);
    expect([...calls.values()].every((c) => c === 1)).toBe(true);
  });

  it('asks once more for the papers of split themes (their sub-themes have their own keywords)', () => {
    const { r, calls } = countCalls({});
    const split = new Set(r.subthemes.map((s) => s.parent));
    expect(split.size).toBeGreaterThan(0);
    for (let i = 0; i < 225; i++) expect(calls.get(i)).toBe(split.has(r.assignment[i]) ? 2 : 1);
  });
});
