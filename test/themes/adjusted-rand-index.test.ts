import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../helpers/adjusted-rand-index.js';
import { createRandom } from '../../src/themes/random.js';

describe('adjustedRandIndex', () => {
  it('is 1 for the same partition under other label names', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9])).toBe(1);
  });

  it('matches a value worked out by hand', () => {
    // Pairs together in both: 2; expected 6·3/15 = 1.2; max (6+3)/2 = 4.5 -> 0.8 / 3.3.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.8 / 3.3, 12);
  });

  it('is near 0 for unrelated labellings', () => {
    const random = createRandom(1);
    const a = Array.from({ length: 3000 }, () => Math.floor(random() * 5));
    const b = Array.from({ length: 3000 }, () => Math.floor(random() * 5));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });

  it('handles the degenerate cases', () => {
    expect(adjustedRandIndex([], [])).toBe(1);
    expect(adjustedRandIndex([1, 1, 1], [0, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 0, 1])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(RangeError);
  });
});
