import { describe, expect, it } from 'vitest';
import { computeThemes } from '../../src/themes/index.js';
import { placePapers } from '../../src/themes/place.js';
import { renumberThemes, stableIds } from '../../src/themes/stable-ids.js';
import { dot } from '../../src/themes/vector-math.js';
import { blobs, noText } from './blobs.js';

const dims = 32;

describe('placing new papers without a refit', () => {
  const data = blobs({ sizes: [80, 60, 50], dims, seed: 31 });
  const fit = computeThemes(data.vectors.subarray(0, 150 * dims), dims, noText, { k: 3, minSubthemePapers: 30 });
  const later = data.vectors.subarray(150 * dims);
  const subs = new Map(fit.subthemes.map((s) => [s.parent, s.themes.map((t) => t.centroid)]));
  const placed = placePapers(later, dims, fit.themes.map((t) => t.centroid), subs);

  it('puts each new paper in its nearest theme, and in that theme\'s nearest sub-theme', () => {
    for (let i = 0; i < 40; i++) {
      const sims = fit.themes.map((t) => dot(later, i * dims, t.centroid, 0, dims));
      expect(placed.theme[i]).toBe(sims.indexOf(Math.max(...sims)));
      expect(placed.similarity[i]).toBeCloseTo(Math.max(...sims), 5);
      const own = subs.get(placed.theme[i]);
      if (!own) {
        expect(placed.subtheme[i]).toBe(0);
        continue;
      }
      const subSims = own.map((c) => dot(later, i * dims, c, 0, dims));
      expect(placed.subtheme[i]).toBe(subSims.indexOf(Math.max(...subSims)) + 1);
    }
  });

  it('agrees with what a refit on all papers says for papers of known themes', () => {
    const refit = computeThemes(data.vectors, dims, noText, { k: 3 });
    const { idOf } = stableIds(refit.assignment, 3, Int32Array.from({ length: 190 }, (_, i) => (i < 150 ? fit.assignment[i] : -1)));
    const renamed = renumberThemes(refit, idOf);
    let same = 0;
    for (let i = 0; i < 40; i++) if (renamed.assignment[150 + i] === placed.theme[i]) same++;
    expect(same).toBe(40);
  });
});

describe('a refit keeps the ids of the themes that stayed the same', () => {
  it('ids never change when 10% more papers from the same themes arrive (20 trials, every one checked)', () => {
    let changed = 0;
    let themes = 0;
    for (let trial = 0; trial < 20; trial++) {
      const data = blobs({ sizes: [70, 55, 40, 30, 25].map((s) => Math.round(s * 1.1)), dims, seed: 100 + trial });
      const n = data.labels.length;
      const old = Math.round(n / 1.1);
      const before = computeThemes(data.vectors.subarray(0, old * dims), dims, noText, { k: 5, seed: trial, minSubthemePapers: Infinity });
      // A different seed for the refit: k-means' own numbering differs, which ids must not follow.
      const after = computeThemes(data.vectors, dims, noText, { k: 5, seed: 1000 + trial, minSubthemePapers: Infinity });
      const previous = Int32Array.from({ length: n }, (_, i) => (i < old ? before.assignment[i] : -1));
      const { idOf, kept } = stableIds(after.assignment, 5, previous);
      const renamed = renumberThemes(after, idOf);
      themes += 5;
      changed += 5 - kept;
      for (let i = 0; i < old; i++) expect(renamed.assignment[i]).toBe(before.assignment[i]);
    }
    expect(changed).toBe(0);
    expect(themes).toBe(100);
  });

  it('a theme that splits in two keeps its id for the larger part; the new part takes a free id', () => {
    // Old fit: two themes, the second of which is really two blobs; new fit: k 3.
    const data = blobs({ sizes: [60, 50, 40], dims, seed: 9 });
    const previous = Int32Array.from(data.labels, (l) => (l === 0 ? 0 : 1));
    const after = computeThemes(data.vectors, dims, noText, { k: 3, minSubthemePapers: Infinity });
    const { idOf, kept, previousThemes } = stableIds(after.assignment, 3, previous);
    expect(previousThemes).toBe(2);
    expect(kept).toBe(2);
    const renamed = renumberThemes(after, idOf);
    for (let i = 0; i < data.labels.length; i++) expect(renamed.assignment[i]).toBe([0, 1, 2][data.labels[i]]);
    expect(renamed.themes.map((t) => t.id)).toEqual([0, 1, 2]);
    expect(renamed.themes.map((t) => t.size)).toEqual([60, 50, 40]);
  });

  it('renumbering moves everything that names a theme: neighbours, between pairs, the similarity matrix, sub-themes', () => {
    const data = blobs({ sizes: [60, 45, 30], dims, seed: 12 });
    const r = computeThemes(data.vectors, dims, noText, { k: 3 });
    const idOf = Int32Array.from([2, 0, 1]);
    const m = renumberThemes(r, idOf);
    for (const t of r.themes) {
      const moved = m.themes[idOf[t.id]];
      expect(moved.size).toBe(t.size);
      expect(moved.neighbors.map((n) => n.theme)).toEqual(t.neighbors.map((n) => idOf[n.theme]));
    }
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(m.themeSimilarity[idOf[a]][idOf[b]]).toBe(r.themeSimilarity[a][b]);
    expect(m.subthemes.map((s) => s.parent)).toEqual(r.subthemes.map((s) => idOf[s.parent]).sort());
    m.assignment.forEach((id, i) => expect(id).toBe(idOf[r.assignment[i]]));
  });
});
