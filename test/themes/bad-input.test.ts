import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { computeThemes } from '../../src/themes/index.js';
import { blobs, noText } from './blobs.js';

const dims = 8;
const small = (n: number) => blobs({ sizes: [n], dims, seed: 41 }).vectors;

describe('bad input', () => {
  it('refuses an empty collection with a hint to ingest', () => {
    const run = () => computeThemes(new Float32Array(0), dims, noText);
    expect(run).toThrow(UserError);
    expect(run).toThrow('no papers to cluster');
    try {
      run();
    } catch (err) {
      expect((err as UserError).hint).toMatch(/paperscope ingest/);
    }
  });

  it('refuses k <= 0 and fractional k', () => {
    for (const k of [0, -3, 2.5, Number.NaN]) {
      expect(() => computeThemes(small(10), dims, noText, { k })).toThrow(UserError);
    }
    expect(() => computeThemes(small(10), dims, noText, { k: 0 })).toThrow(/at least 1/);
  });

  it('refuses k larger than the number of papers, saying what to do', () => {
    const run = () => computeThemes(small(5), dims, noText, { k: 6 });
    expect(run).toThrow(UserError);
    expect(run).toThrow('cannot make 6 themes from 5 papers');
    try {
      run();
    } catch (err) {
      expect((err as UserError).hint).toMatch(/k <= 5/);
    }
  });

  it('gives one theme for one to three papers', () => {
    for (const n of [1, 2, 3]) {
      const r = computeThemes(small(n), dims, noText);
      expect(r.k).toBe(1);
      expect(r.chosenBy).toBe('too-few-papers');
      expect(r.themes).toHaveLength(1);
      expect(r.themes[0].size).toBe(n);
      expect(r.themes[0].representatives).toHaveLength(Math.min(n, 3));
      expect(r.themes[0].neighbors).toEqual([]);
      expect(r.between).toEqual([]);
      expect(Array.from(r.assignment)).toEqual(Array(n).fill(0));
    }
  });

  it('makes as many themes as papers when asked', () => {
    const r = computeThemes(small(3), dims, noText, { k: 3 });
    expect(r.themes.map((t) => t.size)).toEqual([1, 1, 1]);
    expect(new Set(r.assignment).size).toBe(3);
  });

  it('handles four papers (the smallest automatic choice)', () => {
    const r = computeThemes(small(4), dims, noText);
    expect(r.chosenBy).toBe('silhouette');
    expect(r.k).toBe(2);
  });

  it('copes with duplicate embeddings', () => {
    const one = small(1);
    const same = new Float32Array(10 * dims);
    for (let i = 0; i < 10; i++) same.set(one, i * dims);
    const auto = computeThemes(same, dims, noText);
    expect(auto.k).toBe(1);
    expect(auto.chosenBy).toBe('too-few-papers');
    expect(() => computeThemes(same, dims, noText, { k: 2 })).toThrow(/distinct embeddings/);
  });

  it('treats malformed vectors as a programming error', () => {
    expect(() => computeThemes(new Float32Array(10), 3, noText)).toThrow(RangeError);
    expect(() => computeThemes(new Float32Array(10), 0, noText)).toThrow(RangeError);
    const withNaN = small(5);
    withNaN[3] = Number.NaN;
    expect(() => computeThemes(withNaN, dims, noText)).toThrow(RangeError);
  });
});
