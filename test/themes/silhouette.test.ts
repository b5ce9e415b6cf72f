import { describe, expect, it } from 'vitest';
import { meanSilhouette, pairwiseDistances } from '../../src/themes/silhouette.js';

describe('silhouette', () => {
  // One-dimensional points 0, 1, 10, 11 in two clusters.
  const points = Float32Array.from([0, 1, 10, 11]);
  const distances = pairwiseDistances(points, 1);

  it('computes Euclidean distances', () => {
    expect(Array.from(distances.subarray(0, 4))).toEqual([0, 1, 10, 11]);
    expect(distances[3 * 4 + 1]).toBe(10);
  });

  it('matches a value worked out by hand', () => {
    // Outer points: 1 − 1/10.5; inner points: 1 − 1/9.5.
    const expected = (2 * (1 - 1 / 10.5) + 2 * (1 - 1 / 9.5)) / 4;
    expect(meanSilhouette(distances, Int32Array.from([0, 0, 1, 1]), 2)).toBeCloseTo(expected, 6);
  });

  it('scores a bad split lower than the natural one', () => {
    const natural = meanSilhouette(distances, Int32Array.from([0, 0, 1, 1]), 2);
    const bad = meanSilhouette(distances, Int32Array.from([0, 1, 1, 1]), 2);
    expect(bad).toBeLessThan(natural);
  });

  it('counts a point alone in its cluster as 0 and is NaN for one cluster', () => {
    // Point 0 alone: 0; the others as in a 3-point cluster.
    const s = meanSilhouette(distances, Int32Array.from([0, 1, 1, 1]), 2);
    expect(Number.isFinite(s)).toBe(true);
    expect(meanSilhouette(distances, Int32Array.from([0, 0, 0, 0]), 1)).toBeNaN();
    expect(meanSilhouette(distances, Int32Array.from([1, 1, 1, 1]), 3)).toBeNaN();
  });
});
