import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../helpers/adjusted-rand-index.js';
import { fitKMeans } from '../../src/themes/kmeans.js';
import { kmeansPlusPlus, TooFewDistinctPointsError } from '../../src/themes/kmeans-plus-plus.js';
import { createRandom } from '../../src/themes/random.js';
import { assignNearest } from '../../src/themes/assign.js';
import { normalizeRows } from '../../src/themes/vector-math.js';
import { blobs } from './blobs.js';

const labelsOf = (vectors: Float32Array, dims: number, centroids: Float32Array) =>
  assignNearest(vectors, dims, normalizeRows(centroids.slice(), dims)).assignment;

describe('fitKMeans', () => {
  // Twelve blobs of very unequal sizes: k-means++ sometimes spends two centres on one big blob.
  const data = blobs({ sizes: [80, 80, 40, 40, 20, 20, 10, 10, 60, 30, 15, 5], dims: 16, spread: 0.3, seed: 3 });

  it('never gets worse with more restarts, and restarts fix a bad start', () => {
    let fixed = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const one = fitKMeans(data.vectors, 16, 12, { seed, restarts: 1 });
      const eight = fitKMeans(data.vectors, 16, 12, { seed, restarts: 8 });
      // Restart 0 is the same run in both, so the best of eight can only be as good or better.
      expect(eight.restartInertias[0]).toBe(one.inertia);
      expect(eight.inertia).toBeLessThanOrEqual(one.inertia);
      if (eight.inertia < one.inertia - 1e-6) {
        fixed++;
        expect(adjustedRandIndex(labelsOf(data.vectors, 16, eight.centroids), data.labels)).toBeGreaterThan(
          adjustedRandIndex(labelsOf(data.vectors, 16, one.centroids), data.labels),
        );
      }
    }
    expect(fixed).toBeGreaterThan(0);
  });

  it('recovers the blobs after restarts', () => {
    const fit = fitKMeans(data.vectors, 16, 12, { seed: 3, restarts: 8 });
    expect(adjustedRandIndex(labelsOf(data.vectors, 16, fit.centroids), data.labels)).toBeGreaterThan(0.95);
  });

  it('is reproducible for a seed', () => {
    const a = fitKMeans(data.vectors, 16, 12, { seed: 9, restarts: 3 });
    const b = fitKMeans(data.vectors, 16, 12, { seed: 9, restarts: 3 });
    expect(b.centroids).toEqual(a.centroids);
    expect(b.restartInertias).toEqual(a.restartInertias);
  });

  it('rejects an impossible k', () => {
    expect(() => fitKMeans(data.vectors, 16, 0)).toThrow(RangeError);
    expect(() => fitKMeans(data.vectors, 16, data.labels.length + 1)).toThrow(RangeError);
  });
});

describe('kmeansPlusPlus', () => {
  // Five rows, only two distinct.
  const dims = 2;
  const rows = Float32Array.from([1, 0, 1, 0, 0, 1, 1, 0, 0, 1]);

  it('picks distinct rows', () => {
    const chosen = kmeansPlusPlus(rows, dims, 2, createRandom(1));
    const picked = Array.from(chosen, (i) => `${rows[i * 2]},${rows[i * 2 + 1]}`);
    expect(new Set(picked).size).toBe(2);
  });

  it('reports too few distinct points, or stops early when allowed', () => {
    expect(() => kmeansPlusPlus(rows, dims, 3, createRandom(1))).toThrow(TooFewDistinctPointsError);
    expect(kmeansPlusPlus(rows, dims, 3, createRandom(1), { allowFewer: true })).toHaveLength(2);
  });

  it('gives prefixes that are the seeding for fewer clusters', () => {
    // Same number of local trials (2 + floor(ln k) = 3 for k = 3..7), so the runs agree exactly.
    const data = blobs({ sizes: [30, 30, 30, 30, 30, 30, 30], dims: 8, seed: 5 });
    const seven = kmeansPlusPlus(data.vectors, 8, 7, createRandom(2));
    expect(kmeansPlusPlus(data.vectors, 8, 3, createRandom(2))).toEqual(seven.subarray(0, 3));
  });
});
