import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { candidateKRange, chooseK, computeThemes } from '../../src/themes/index.js';
import { adjustedRandIndex } from '../helpers/adjusted-rand-index.js';
import { blobs, noText } from './blobs.js';

describe('candidateKRange', () => {
  it('grows like sqrt(2n) between 2 and 30', () => {
    expect(candidateKRange(4)).toEqual([2, 2]);
    expect(candidateKRange(26)).toEqual([2, 7]);
    expect(candidateKRange(50)).toEqual([2, 10]);
    expect(candidateKRange(200)).toEqual([2, 20]);
    expect(candidateKRange(450)).toEqual([2, 30]);
    expect(candidateKRange(100_000)).toEqual([2, 30]);
  });

  it('takes a user range, clamped to n - 1', () => {
    expect(candidateKRange(1000, [5, 60])).toEqual([5, 60]);
    expect(candidateKRange(20, [3, 50])).toEqual([3, 19]);
  });

  it('rejects unusable ranges with a UserError', () => {
    expect(() => candidateKRange(100, [1, 5])).toThrow(UserError);
    expect(() => candidateKRange(100, [6, 5])).toThrow(UserError);
    expect(() => candidateKRange(100, [2.5, 5])).toThrow(UserError);
    expect(() => candidateKRange(5, [5, 8])).toThrow(/needs more than 5 papers/);
  });
});

describe('choosing k by silhouette', () => {
  it('finds 5 blobs in 64 dimensions and recovers them', () => {
    const data = blobs({ sizes: [70, 60, 50, 40, 30], dims: 64, seed: 11 });
    const result = computeThemes(data.vectors, 64, noText);
    expect(result.chosenBy).toBe('silhouette');
    expect(result.k).toBe(5);
    expect(result.themes).toHaveLength(5);
    expect(adjustedRandIndex(result.assignment, data.labels)).toBeGreaterThan(0.95);
  });

  it('finds 8 blobs in 384 dimensions and recovers them', () => {
    const data = blobs({ sizes: Array(8).fill(40), dims: 384, spread: 0.8, seed: 12 });
    const result = computeThemes(data.vectors, 384, noText);
    expect(result.k).toBe(8);
    expect(adjustedRandIndex(result.assignment, data.labels)).toBeGreaterThan(0.95);
  });

  it('finds 12 blobs in 128 dimensions for several data sets', () => {
    for (const seed of [101, 103, 108]) {
      const data = blobs({ sizes: Array(12).fill(40), dims: 128, spread: 0.8, seed });
      const result = computeThemes(data.vectors, 128, noText);
      expect(result.k, `data seed ${seed}`).toBe(12);
      expect(adjustedRandIndex(result.assignment, data.labels)).toBeGreaterThan(0.95);
    }
  });

  it('reports the score of every candidate in increasing k', () => {
    const data = blobs({ sizes: Array(5).fill(40), dims: 32, seed: 13 });
    const choice = chooseK(data.vectors, 32);
    expect(choice.scores.map((s) => s.k)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2)); // 200 papers: 2..20
    const best = Math.max(...choice.scores.map((s) => s.silhouette));
    expect(choice.scores.find((s) => s.k === choice.k)!.silhouette).toBe(best);
    for (const s of choice.scores) expect(s.inertia).toBeGreaterThan(0);
  });

  it('respects kRange', () => {
    const data = blobs({ sizes: Array(5).fill(40), dims: 32, seed: 13 });
    const result = computeThemes(data.vectors, 32, noText, { kRange: [6, 8] });
    expect(result.kScores.map((s) => s.k)).toEqual([6, 7, 8]);
    expect(result.k).toBeGreaterThanOrEqual(6);
  });

  it('samples large collections and still assigns every paper', () => {
    const data = blobs({ sizes: [2400, 1800, 1200, 900, 700], dims: 32, spread: 0.7, seed: 14 });
    // A narrower range than the default 2..30 only to keep the test quick.
    const result = computeThemes(data.vectors, 32, noText, { kRange: [2, 10] });
    expect(result.diagnostics.silhouetteSampleSize).toBe(2000);
    expect(result.diagnostics.fitSampleSize).toBe(5000);
    expect(result.k).toBe(5);
    expect(result.assignment).toHaveLength(7000);
    expect(adjustedRandIndex(result.assignment, data.labels)).toBeGreaterThan(0.95);
    expect(result.themes.map((t) => t.size)).toEqual([2400, 1800, 1200, 900, 700]);
  });
});
