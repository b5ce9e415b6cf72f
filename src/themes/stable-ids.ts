import type { ThemeResult } from './types.js';

/**
 * Two fits' themes are "the same theme" when their members overlap with a Jaccard index of at least this: at
 * equal sizes, two thirds or more of the papers of each belong to the other.
 */
export const SAME_THEME_JACCARD = 0.5;

/**
 * The id each new theme takes so that a refit keeps the ids of the themes that stayed the same. `previous[i]`
 * is row i's theme in the last fit (-1 for a paper that had none). Pairs of (new, old) themes are matched
 * greedily by decreasing Jaccard overlap, each theme at most once, if at least SAME_THEME_JACCARD and the old
 * id is below the new k (ids stay 0..k-1); the other new themes take the free ids, largest theme first.
 */
export function stableIds(assignment: Int32Array, k: number, previous: Int32Array): { idOf: Int32Array; kept: number; previousThemes: number } {
  let kOld = 0;
  for (const t of previous) if (t + 1 > kOld) kOld = t + 1;
  const overlap = new Map<number, number>();
  const newSizes = new Int32Array(k);
  const oldSizes = new Int32Array(kOld);
  for (let i = 0; i < assignment.length; i++) {
    newSizes[assignment[i]]++;
    if (previous[i] < 0) continue;
    oldSizes[previous[i]]++;
    const key = assignment[i] * kOld + previous[i];
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const pairs = [...overlap].map(([key, n]) => {
    const a = Math.floor(key / kOld);
    const b = key % kOld;
    return { a, b, jaccard: n / (newSizes[a] + oldSizes[b] - n) };
  });
  pairs.sort((x, y) => y.jaccard - x.jaccard || x.a - y.a || x.b - y.b);
  const idOf = new Int32Array(k).fill(-1);
  const taken = new Uint8Array(k);
  for (const { a, b, jaccard } of pairs) {
    if (jaccard < SAME_THEME_JACCARD) break;
    if (idOf[a] >= 0 || b >= k || taken[b]) continue;
    idOf[a] = b;
    taken[b] = 1;
  }
  let kept = 0;
  for (const id of idOf) if (id >= 0) kept++;
  // New themes are numbered largest first already (orderBySize): the unmatched take free ids in that order.
  let free = 0;
  for (let a = 0; a < k; a++) {
    if (idOf[a] >= 0) continue;
    while (taken[free]) free++;
    idOf[a] = free;
    taken[free] = 1;
  }
  let previousThemes = 0;
  for (const n of oldSizes) if (n > 0) previousThemes++;
  return { idOf, kept, previousThemes };
}

/** The same result with theme a renamed idOf[a] everywhere (themes listed by their new id). */
export function renumberThemes(r: ThemeResult, idOf: Int32Array): ThemeResult {
  const k = r.themes.length;
  const oldOf = new Int32Array(k);
  idOf.forEach((id, a) => (oldOf[id] = a));
  return {
    ...r,
    themes: Array.from(oldOf, (a) => {
      const t = r.themes[a];
      return { ...t, id: idOf[a], neighbors: t.neighbors.map((n) => ({ ...n, theme: idOf[n.theme] })) };
    }),
    assignment: r.assignment.map((a) => idOf[a]),
    between: r.between.map((b) => ({ ...b, themes: [idOf[b.themes[0]], idOf[b.themes[1]]] })),
    themeSimilarity: Array.from(oldOf, (a) => Array.from(oldOf, (b) => r.themeSimilarity[a][b])),
    subthemes: r.subthemes.map((s) => ({ ...s, parent: idOf[s.parent] })).sort((x, y) => x.parent - y.parent),
  };
}
