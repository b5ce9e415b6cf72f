import { describe, expect, it } from 'vitest';
import { computeThemes } from '../../src/themes/index.js';
import { MAX_SUBTHEMES, subthemeKRange } from '../../src/themes/subthemes.js';
import { dot } from '../../src/themes/vector-math.js';
import { adjustedRandIndex } from '../helpers/adjusted-rand-index.js';
import { nestedBlobs } from './blobs.js';

const dims = 48;

// Theme A: 3 sub-blobs (120 papers), theme B: 2 (80), theme C: too small to split (30).
const data = nestedBlobs([[50, 40, 30], [45, 35], [30]], dims, 5);
const result = computeThemes(data.vectors, dims, (i) => data.texts[i], { k: 3 });

function rowsOfTheme(id: number): number[] {
  return [...result.assignment.keys()].filter((i) => result.assignment[i] === id);
}

describe('sub-themes', () => {
  it('split each theme of 40+ papers and leave smaller ones whole', () => {
    expect(result.themes.map((t) => t.size)).toEqual([120, 80, 30]);
    expect(result.subthemes.map((s) => s.parent)).toEqual([0, 1]);
    for (const i of rowsOfTheme(2)) expect(result.subassignment[i]).toBe(0);
  });

  it('find the sub-structure inside each theme: k by silhouette, members matching the sub-blobs', () => {
    expect(result.subthemes.map((s) => s.k)).toEqual([3, 2]);
    for (const s of result.subthemes) {
      expect(s.chosenBy).toBe('silhouette');
      const rows = rowsOfTheme(s.parent);
      const found = Int32Array.from(rows, (i) => result.subassignment[i]);
      const truth = Int32Array.from(rows, (i) => data.sub[i]);
      expect(adjustedRandIndex(found, truth)).toBeGreaterThan(0.95);
    }
  });

  it('number sub-themes from 1, largest first, covering the theme exactly', () => {
    for (const s of result.subthemes) {
      expect(s.themes.map((t) => t.id)).toEqual(Array.from({ length: s.k }, (_, i) => i + 1));
      const sizes = s.themes.map((t) => t.size);
      expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(result.themes[s.parent].size);
      for (const t of s.themes) expect(rowsOfTheme(s.parent).filter((i) => result.subassignment[i] === t.id)).toHaveLength(t.size);
    }
  });

  it('name each sub-theme by what sets it apart from its siblings, not by what the theme shares', () => {
    for (const s of result.subthemes) {
      for (const t of s.themes) {
        const rows = rowsOfTheme(s.parent).filter((i) => result.subassignment[i] === t.id);
        const word = `sub${data.theme[rows[0]]}x${data.sub[rows[0]]}`;
        expect(t.keywords[0].term.split(' ')).toContain(word);
        const siblings = s.themes.filter((o) => o.id !== t.id).flatMap((o) => o.keywords.map((k) => k.term));
        expect(siblings.some((term) => term.split(' ').includes(word))).toBe(false);
      }
    }
  });

  it('give representatives as rows of the collection, nearest the sub-theme centroid, and sibling neighbours', () => {
    for (const s of result.subthemes) {
      for (const t of s.themes) {
        expect(t.representatives.length).toBe(3);
        for (const row of t.representatives) {
          expect(result.assignment[row]).toBe(s.parent);
          expect(result.subassignment[row]).toBe(t.id);
          expect(result.subsimilarity[row]).toBeCloseTo(dot(data.vectors, row * dims, t.centroid, 0, dims), 5);
        }
        expect(t.neighbors.every((nb) => nb.theme !== t.id && nb.theme >= 1 && nb.theme <= s.k)).toBe(true);
      }
    }
  });

  it('are the same for the same seed and may differ for another', () => {
    const again = computeThemes(data.vectors, dims, (i) => data.texts[i], { k: 3 });
    expect(again.subassignment).toEqual(result.subassignment);
    expect(again.subthemes.map((s) => s.themes.map((t) => t.label))).toEqual(result.subthemes.map((s) => s.themes.map((t) => t.label)));
  });

  it('can be turned off, and the threshold moved', () => {
    const none = computeThemes(data.vectors, dims, (i) => data.texts[i], { k: 3, minSubthemePapers: Infinity });
    expect(none.subthemes).toEqual([]);
    expect(none.subassignment.every((s) => s === 0)).toBe(true);
    const all = computeThemes(data.vectors, dims, (i) => data.texts[i], { k: 3, minSubthemePapers: 30 });
    expect(all.subthemes.map((s) => s.parent)).toEqual([0, 1, 2]);
  });

  it('compare at most a screenful of sub-themes however large the theme', () => {
    expect(subthemeKRange(40)).toEqual([2, MAX_SUBTHEMES]);
    expect(subthemeKRange(5000)).toEqual([2, MAX_SUBTHEMES]);
    expect(subthemeKRange(10)).toEqual([2, 4]);
  });
});
