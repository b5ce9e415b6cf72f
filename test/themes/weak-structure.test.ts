import { describe, expect, it } from 'vitest';
import { computeThemes } from '../../src/themes/index.js';
import { createRandom } from '../../src/themes/random.js';
import { blobs, gaussian, noText } from './blobs.js';

/** Unit vectors with no cluster structure at all: what a diffuse collection looks like to k-means. */
function diffuse(n: number, dims: number, seed: number): Float32Array {
  const normal = gaussian(createRandom(seed));
  const out = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (out[i * dims + d] = normal()) ** 2;
    for (let d = 0; d < dims; d++) out[i * dims + d] /= Math.sqrt(norm);
  }
  return out;
}

describe('collections without clear clusters', () => {
  const n = 2000;
  const dims = 32;
  const result = computeThemes(diffuse(n, dims, 5), dims, noText);

  it('do not collapse to two themes: k is chosen among k >= hi / 3', () => {
    // hi = min(30, floor(sqrt(2000 / 2))) = 30, so the floor is 10.
    expect(Math.max(...result.kScores.map((s) => s.silhouette))).toBeLessThan(0.1);
    expect(result.weakStructureFloor).toBe(10);
    expect(result.k).toBeGreaterThanOrEqual(10);
    expect(result.themes).toHaveLength(result.k);
  });

  it('flag at most 10% of papers as ambiguous', () => {
    const ambiguous = result.between.filter((b) => b.reason === 'ambiguous').length;
    expect(ambiguous).toBeLessThanOrEqual(Math.ceil(0.1 * n));
    expect(ambiguous).toBeGreaterThan(0);
  });

  it('clear blobs keep the plain silhouette choice', () => {
    const data = blobs({ sizes: Array(5).fill(200), dims: 32, seed: 21 });
    const r = computeThemes(data.vectors, 32, noText);
    expect(r.k).toBe(5);
    expect(r.weakStructureFloor).toBeUndefined();
  });
});
