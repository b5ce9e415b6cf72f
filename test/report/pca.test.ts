import { describe, expect, it } from 'vitest';
import { principalAxes, projectOnto } from '../../src/report/pca.js';
import { seeded } from './helpers.js';

/** Points spread along known orthogonal directions with known variances, then rotated. */
function knownAxes(n: number, seed: number) {
  const dims = 6;
  const random = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  // An orthonormal pair that is not aligned with any coordinate axis.
  const a = [1, 1, 1, 1, 0, 0].map((v) => v / 2);
  const b = [1, -1, 1, -1, 0, 0].map((v) => v / 2);
  const matrix = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const s = 10 * gauss();
    const t = 3 * gauss();
    for (let d = 0; d < dims; d++) matrix[i * dims + d] = 5 + s * a[d] + t * b[d] + 0.1 * gauss();
  }
  return { matrix, dims, a, b };
}

const cosine = (u: ArrayLike<number>, v: ArrayLike<number>) => {
  let dot = 0;
  for (let i = 0; i < u.length; i++) dot += u[i] * v[i];
  return dot;
};

describe('PCA by power iteration', () => {
  it('recovers known principal axes and their variances, largest first', () => {
    const { matrix, dims, a, b } = knownAxes(4000, 3);
    const pca = principalAxes(matrix, dims, 2, 42);
    expect(Math.abs(cosine(pca.axes[0], a))).toBeGreaterThan(0.999);
    expect(Math.abs(cosine(pca.axes[1], b))).toBeGreaterThan(0.99);
    expect(pca.variances[0]).toBeGreaterThan(80);
    expect(pca.variances[0]).toBeLessThan(120);
    expect(pca.variances[1]).toBeGreaterThan(7);
    expect(pca.variances[1]).toBeLessThan(11);
    expect(Math.abs(cosine(pca.axes[0], pca.axes[1]))).toBeLessThan(1e-9);
    expect(pca.mean[0]).toBeCloseTo(5, 0);
  });

  it('gives unit axes and centred coordinates', () => {
    const { matrix, dims } = knownAxes(500, 9);
    const pca = principalAxes(matrix, dims, 2, 1);
    for (const axis of pca.axes) expect(Math.sqrt(cosine(axis, axis))).toBeCloseTo(1, 9);
    const [x, y] = projectOnto(matrix, dims, pca);
    const mean = (v: Float32Array) => v.reduce((s, a) => s + a, 0) / v.length;
    expect(Math.abs(mean(x))).toBeLessThan(1e-3 * 10);
    expect(Math.abs(mean(y))).toBeLessThan(1e-3 * 10);
  });

  it('is deterministic, with a fixed sign', () => {
    const { matrix, dims } = knownAxes(300, 5);
    const first = principalAxes(matrix, dims, 2, 7);
    const again = principalAxes(matrix, dims, 2, 7);
    const otherSeed = principalAxes(matrix, dims, 2, 8);
    expect(Array.from(again.axes[0])).toEqual(Array.from(first.axes[0]));
    expect(cosine(otherSeed.axes[0], first.axes[0])).toBeGreaterThan(0.999);
  });

  it('copes with no variance at all and with a single row', () => {
    const dims = 4;
    const same = new Float32Array(10 * dims).fill(0.5);
    const flat = principalAxes(same, dims, 2, 1);
    expect(flat.variances).toEqual([0, 0]);
    const [x] = projectOnto(same, dims, flat);
    expect(Array.from(x).every((v) => v === 0)).toBe(true);
    const one = principalAxes(new Float32Array([1, 2, 3, 4]), dims, 2, 1);
    expect(one.axes).toHaveLength(2);
    expect(one.variances).toEqual([0, 0]);
  });
});
