import { describe, expect, it } from 'vitest';
import { computeThemes } from '../../src/themes/index.js';
import { placePapers } from '../../src/themes/place.js';
import { keepIds, renumberThemes, stableIds } from '../../src/themes/stable-ids.js';
import type { ThemeResult } from '../../src/themes/types.js';
import { dot, gatherRows } from '../../src/themes/vector-math.js';
import { blobs, nestedBlobs, noText } from './blobs.js';

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

/** Each previous sub-theme (`3.2`) and the sub-theme now holding most of its papers, for the rows the previous fit had. */
function whereSubthemesWent(before: Pick<ThemeResult, 'assignment' | 'subassignment'>, rowsBefore: ArrayLike<number>, now: Pick<ThemeResult, 'assignment' | 'subassignment'>): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (let i = 0; i < rowsBefore.length; i++) {
    if (!before.subassignment[i]) continue;
    const row = rowsBefore[i];
    const from = `${before.assignment[i]}.${before.subassignment[i]}`;
    const to = `${now.assignment[row]}.${now.subassignment[row]}`;
    const m = votes.get(from) ?? new Map<string, number>();
    m.set(to, (m.get(to) ?? 0) + 1);
    votes.set(from, m);
  }
  return new Map([...votes].map(([from, m]) => [from, [...m].sort((a, b) => b[1] - a[1])[0][0]]));
}

describe('a refit keeps the ids of the sub-themes that stayed the same', () => {
  const subDims = 48;
  // Sibling sub-blobs of nearly equal sizes, so 10% more papers can change which is largest (the first fit's numbering).
  const tree = [[40, 38, 36], [42, 40], [40, 37, 35], [36, 34]];

  it('sub-theme ids never change when 10% more papers arrive (20 trials, 200 sub-themes, every paper checked)', () => {
    let changed = 0;
    let changedByTopLevelAlone = 0;
    let subthemes = 0;
    for (let trial = 0; trial < 20; trial++) {
      const data = nestedBlobs(tree.map((subs) => subs.map((size) => Math.round(size * 1.1))), subDims, 200 + trial);
      const old = Math.round(data.n / 1.1);
      const text = (i: number) => data.texts[i];
      const before = computeThemes(data.vectors.subarray(0, old * subDims), subDims, text, { k: 4, seed: trial });
      const after = computeThemes(data.vectors, subDims, text, { k: 4, seed: 1000 + trial });
      const previous = {
        theme: Int32Array.from({ length: data.n }, (_, i) => (i < old ? before.assignment[i] : -1)),
        subtheme: Int32Array.from({ length: data.n }, (_, i) => (i < old ? before.subassignment[i] : 0)),
      };
      const { result, refit } = keepIds(after, previous);
      expect(refit).toMatchObject({ previousThemes: 4, kept: 4 });
      const rowsBefore = Array.from({ length: old }, (_, i) => i);
      const went = whereSubthemesWent(before, rowsBefore, result);
      subthemes += went.size;
      for (const [from, to] of went) if (from !== to) changed++;
      expect(refit.previousSubthemes - refit.keptSubthemes).toBe([...went].filter(([from, to]) => from !== to).length);
      for (let i = 0; i < old; i++) expect(`${result.assignment[i]}.${result.subassignment[i]}`).toBe(`${before.assignment[i]}.${before.subassignment[i]}`);
      // What the largest-first numbering alone would have done: the figure the matching is for.
      const topOnly = renumberThemes(after, stableIds(after.assignment, 4, previous.theme).idOf);
      for (const [from, to] of whereSubthemesWent(before, rowsBefore, topOnly)) if (from !== to) changedByTopLevelAlone++;
    }
    expect(subthemes).toBe(200);
    expect(changed).toBe(0);
    expect(changedByTopLevelAlone).toBe(48);
  });

  it('a sub-theme that grew past its sibling keeps its id; the listing, members and neighbours follow', () => {
    // One theme of two sub-blobs: the second had 30 papers at the first fit (sub-theme 2), 60 now.
    const data = nestedBlobs([[40, 60]], subDims, 3);
    const seen = new Map<number, number>();
    const rowsBefore = [...data.sub.keys()].filter((i) => {
      const s = data.sub[i];
      seen.set(s, (seen.get(s) ?? 0) + 1);
      return s === 0 || seen.get(s)! <= 30;
    });
    const text = (i: number) => data.texts[i];
    const before = computeThemes(gatherRows(data.vectors, subDims, rowsBefore), subDims, (i) => text(rowsBefore[i]), { k: 1 });
    expect(before.subthemes[0].themes.map((t) => t.size)).toEqual([40, 30]);
    const after = computeThemes(data.vectors, subDims, text, { k: 1, seed: 5 });
    expect(after.subthemes[0].themes.map((t) => t.size)).toEqual([60, 40]);
    const previous = { theme: new Int32Array(data.n).fill(-1), subtheme: new Int32Array(data.n) };
    rowsBefore.forEach((row, i) => {
      previous.theme[row] = before.assignment[i];
      previous.subtheme[row] = before.subassignment[i];
    });
    const { result, refit } = keepIds(after, previous);
    expect(refit).toEqual({ previousThemes: 1, kept: 1, previousSubthemes: 2, keptSubthemes: 2 });
    const split = result.subthemes[0];
    expect(split.themes.map((t) => [t.id, t.size])).toEqual([[1, 40], [2, 60]]);
    expect(split.themes.map((t) => t.neighbors.map((n) => n.theme))).toEqual([[2], [1]]);
    for (let i = 0; i < data.n; i++) expect(result.subassignment[i]).toBe(data.sub[i] + 1);
  });

  it('inside a theme that did not keep its id, sub-themes are numbered afresh, largest first', () => {
    const data = nestedBlobs([[50, 40], [45, 35]], subDims, 8);
    const after = computeThemes(data.vectors, subDims, (i) => data.texts[i], { k: 2 });
    // The previous fit cut across both themes: no new theme overlaps an old one by half.
    const previous = { theme: Int32Array.from({ length: data.n }, (_, i) => i % 2), subtheme: Int32Array.from({ length: data.n }, (_, i) => 1 + (i % 3 === 0 ? 1 : 0)) };
    const { result, refit } = keepIds(after, previous);
    expect(refit).toEqual({ previousThemes: 2, kept: 0, previousSubthemes: 4, keptSubthemes: 0 });
    expect(result.subthemes.map((s) => s.themes.map((t) => [t.id, t.size]))).toEqual(after.subthemes.map((s) => s.themes.map((t) => [t.id, t.size])));
    expect(result.subassignment).toEqual(after.subassignment);
  });
});
