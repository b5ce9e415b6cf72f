import type { Subthemes, Theme, ThemeResult } from './types.js';

/**
 * Two fits' themes are "the same theme" when their members overlap with a Jaccard index of at least this: at
 * equal sizes, two thirds or more of the papers of each belong to the other.
 */
export const SAME_THEME_JACCARD = 0.5;

/**
 * The id each new theme takes so that a refit keeps the ids of the themes that stayed the same. `assignment[i]`
 * is row i's new theme, `previous[i]` its theme in the last fit (-1 for none in either: a row counts towards the
 * sizes of the fits it is in). Pairs of (new, old) themes are matched greedily by decreasing Jaccard overlap,
 * each theme at most once, if at least SAME_THEME_JACCARD and the old id is below the new k (ids stay 0..k-1);
 * the other new themes take the free ids, largest theme first. `matched[a]` says new theme a kept an old id.
 */
export function stableIds(assignment: Int32Array, k: number, previous: Int32Array): { idOf: Int32Array; matched: Uint8Array; kept: number; previousThemes: number } {
  let kOld = 0;
  for (const t of previous) if (t + 1 > kOld) kOld = t + 1;
  const overlap = new Map<number, number>();
  const newSizes = new Int32Array(k);
  const oldSizes = new Int32Array(kOld);
  for (let i = 0; i < assignment.length; i++) {
    if (assignment[i] >= 0) newSizes[assignment[i]]++;
    if (previous[i] < 0) continue;
    oldSizes[previous[i]]++;
    if (assignment[i] < 0) continue;
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
  const matched = Uint8Array.from(idOf, (id) => (id >= 0 ? 1 : 0));
  let kept = 0;
  for (const m of matched) kept += m;
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
  return { idOf, matched, kept, previousThemes };
}

/** After a refit: of the previous fit's themes and sub-themes (those with a paper still themed), how many kept their id. */
export interface RefitCounts {
  previousThemes: number;
  kept: number;
  previousSubthemes: number;
  /** A sub-theme keeps its id only inside a theme that kept its own. */
  keptSubthemes: number;
}

/**
 * A refit's result renumbered so that ids survive where the themes stayed the same: the themes by stableIds,
 * then, inside each theme that kept its id, its sub-themes against that theme's previous sub-themes by the same
 * rule (sub-theme ids stay 1..k). `previous.theme[i]` and `previous.subtheme[i]` are row i's theme and 1-based
 * sub-theme in the last fit (-1 and 0 for none).
 */
export function keepIds(fitted: ThemeResult, previous: { theme: Int32Array; subtheme: Int32Array }): { result: ThemeResult; refit: RefitCounts } {
  const top = stableIds(fitted.assignment, fitted.k, previous.theme);
  const renamed = renumberThemes(fitted, top.idOf);
  const keptParents = new Set(Array.from(top.idOf).filter((_, a) => top.matched[a]));
  const subassignment = Int32Array.from(renamed.subassignment);
  let keptSubthemes = 0;
  const subthemes = renamed.subthemes.map((split) => {
    if (!keptParents.has(split.parent)) return split;
    const inParent = (themes: Int32Array, subs: Int32Array) => Int32Array.from(themes, (t, i) => (t === split.parent && subs[i] > 0 ? subs[i] - 1 : -1));
    const now = inParent(renamed.assignment, renamed.subassignment);
    const { idOf, kept } = stableIds(now, split.themes.length, inParent(previous.theme, previous.subtheme));
    keptSubthemes += kept;
    now.forEach((s, i) => {
      if (s >= 0) subassignment[i] = idOf[s] + 1;
    });
    const subId = (id: number) => idOf[id - 1] + 1;
    return { ...split, themes: split.themes.map((t) => withId(t, subId)).sort((x, y) => x.id - y.id) } satisfies Subthemes;
  });
  const previousSubs = new Set<string>();
  previous.subtheme.forEach((s, i) => {
    if (s > 0 && previous.theme[i] >= 0) previousSubs.add(`${previous.theme[i]}.${s}`);
  });
  return {
    result: { ...renamed, subthemes, subassignment },
    refit: { previousThemes: top.previousThemes, kept: top.kept, previousSubthemes: previousSubs.size, keptSubthemes },
  };
}

/** A theme (or sub-theme) under its new id, its neighbours named by theirs. */
function withId(t: Theme, idOf: (id: number) => number): Theme {
  return { ...t, id: idOf(t.id), neighbors: t.neighbors.map((n) => ({ ...n, theme: idOf(n.theme) })) };
}

/** The same result with theme a renamed idOf[a] everywhere (themes listed by their new id). */
export function renumberThemes(r: ThemeResult, idOf: Int32Array): ThemeResult {
  const k = r.themes.length;
  const oldOf = new Int32Array(k);
  idOf.forEach((id, a) => (oldOf[id] = a));
  return {
    ...r,
    themes: Array.from(oldOf, (a) => withId(r.themes[a], (id) => idOf[id])),
    assignment: r.assignment.map((a) => idOf[a]),
    between: r.between.map((b) => ({ ...b, themes: [idOf[b.themes[0]], idOf[b.themes[1]]] })),
    themeSimilarity: Array.from(oldOf, (a) => Array.from(oldOf, (b) => r.themeSimilarity[a][b])),
    subthemes: r.subthemes.map((s) => ({ ...s, parent: idOf[s.parent] })).sort((x, y) => x.parent - y.parent),
  };
}
