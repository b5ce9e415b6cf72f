import { describe, expect, it } from 'vitest';
import { findBetween } from '../../src/themes/between.js';
import { computeThemes } from '../../src/themes/index.js';
import { createRandom } from '../../src/themes/random.js';
import { blobs, gaussian, midpoint, noText } from './blobs.js';

const dims = 64;

/** Blobs plus extra rows appended at the end. */
function withExtraRows(base: Float32Array, extra: Float32Array[]): Float32Array {
  const out = new Float32Array(base.length + extra.length * dims);
  out.set(base);
  extra.forEach((v, j) => out.set(v, base.length + j * dims));
  return out;
}

describe('papers between themes', () => {
  const data = blobs({ sizes: [60, 50, 40, 30], dims, spread: 0.5, seed: 31 });
  const n = data.labels.length;
  const pairs: [number, number][] = [
    [0, 1],
    [2, 3],
    [1, 3],
  ];
  const mids = pairs.map(([a, b]) => midpoint(data.centres, dims, a, b));
  const vectors = withExtraRows(data.vectors, mids);
  const result = computeThemes(vectors, dims, noText, { k: 4 });
  // Which theme each blob became (majority of its rows).
  const themeOfBlob = (blob: number) => result.assignment[data.labels.indexOf(blob)];

  it('flags points midway between two blob centres with those two themes', () => {
    pairs.forEach(([a, b], j) => {
      const row = n + j;
      const flagged = result.between.find((x) => x.index === row);
      expect(flagged, `midpoint ${a}-${b}`).toBeDefined();
      expect(new Set(flagged!.themes)).toEqual(new Set([themeOfBlob(a), themeOfBlob(b)]));
      // Blob centroids are estimated from noisy points, so a midpoint is not exactly equidistant:
      // it may be flagged as an outlier of its theme rather than ambiguous; either way it is flagged.
      expect(['ambiguous', 'outlier']).toContain(flagged!.reason);
      expect(flagged!.margin).toBeGreaterThanOrEqual(0);
      expect(flagged!.margin).toBeLessThan(0.05);
      // Still in one of the two themes, never dropped.
      expect([themeOfBlob(a), themeOfBlob(b)]).toContain(result.assignment[row]);
    });
  });

  it('leaves papers well inside a blob alone', () => {
    const insideFlagged = result.between.filter((x) => x.index < n).length;
    expect(insideFlagged).toBeLessThanOrEqual(Math.ceil(0.02 * n));
  });

  it('flags a paper far from every theme', () => {
    const normal = gaussian(createRandom(99));
    const far = Float32Array.from({ length: dims }, normal);
    const norm = Math.hypot(...far);
    const withFar = withExtraRows(data.vectors, [far.map((x) => x / norm)]);
    const r = computeThemes(withFar, dims, noText, { k: 4 });
    expect(r.between.map((x) => x.index)).toContain(n);
  });

  it('lists rows in ascending order and needs two themes', () => {
    const rows = result.between.map((x) => x.index);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(computeThemes(vectors, dims, noText, { k: 1 }).between).toEqual([]);
  });
});

describe('findBetween criterion', () => {
  const nearest = (cos1: number[], cos2: number[]) => ({
    assignment: Int32Array.from(cos1, () => 0),
    similarity: Float32Array.from(cos1),
    second: Int32Array.from(cos1, () => 1),
    secondSimilarity: Float32Array.from(cos2),
  });

  it('flags when 1 − cos1 >= ratio × (1 − cos2)', () => {
    // 0.5 / 0.54 = 0.93 -> flagged; 0.4 / 0.7 = 0.57 -> not; 0.9 / 0.95 = 0.95 -> flagged (far from both).
    const r = findBetween(nearest([0.5, 0.6, 0.1], [0.46, 0.3, 0.05]), 2);
    expect(r.map((x) => x.index)).toEqual([0, 2]);
    expect(r[0]).toMatchObject({ themes: [0, 1], reason: 'ambiguous' });
    expect(r[0].margin).toBeCloseTo(0.04, 6);
    expect(findBetween(nearest([0.5], [0.46]), 2, 0.95)).toEqual([]);
  });

  it('flags outliers below Q1 − 3·IQR of their theme', () => {
    const cos1 = [0.9, 0.91, 0.92, 0.9, 0.91, 0.92, 0.9, 0.91, 0.5];
    const r = findBetween(nearest(cos1, cos1.map(() => -0.2)), 2);
    expect(r).toEqual([{ index: 8, themes: [0, 1], margin: expect.closeTo(0.7, 5), reason: 'outlier' }]);
  });
});
