import { singularTermCandidates } from './plural.js';
import { countThemeTerms, DEFAULT_MAX_TERMS_PER_THEME, Vocabulary, type PaperText, type ThemeTermCounts } from './term-counts.js';

export const DEFAULT_KEYWORDS_PER_THEME = 10;
/** A unigram is redundant next to a bigram holding it when half its occurrences are in that bigram. */
const REDUNDANT_SHARE = 0.5;
const LABEL_TERMS = 3;
const LABEL_MAX_CHARS = 50;
const LABEL_SEPARATOR = ' · ';

export interface Keyword {
  term: string;
  /**
   * c-TF-IDF weight of the term in its theme; for a bigram standing in for unigrams (see below), the
   * best of its own and their weights. Keywords are listed by decreasing score.
   */
  score: number;
}

export interface KeywordOptions {
  keywordsPerTheme?: number;
  maxTermsPerTheme?: number;
  /** Weigh terms by the collection's frequencies instead of these themes' own (see CollectionTerms). */
  background?: CollectionTerms;
  /** Receives this run's term totals, to be the background of a later run on part of the collection. */
  collect?: (terms: CollectionTerms) => void;
}

/**
 * Term occurrences over a whole collection and its average words per theme: the idf of a run on a part of it.
 * Sub-themes need it: with the idf of two or three sibling sub-themes alone, every term that all of them
 * use is weighed alike, and the most frequent words won ("models · visual · image", "model · detection ·
 * learning" on 11,667 arXiv papers); with the collection's, words common everywhere weigh little, as in
 * BERTopic's hierarchy.
 */
export interface CollectionTerms {
  surfaceTotals: Map<string, number>;
  averageWords: number;
}

/**
 * Keywords of each theme by class-based TF-IDF (BERTopic's c-TF-IDF): all papers of a theme are one
 * document, and term t in theme c weighs
 *     (tf(t,c) / words(c)) × log(1 + A / f(t))
 * with A the average number of words per theme and f(t) the occurrences of t in all themes.
 *
 * Rules, in order:
 * - terms are words and adjacent-word bigrams from titles and abstracts (see tokenize.ts: stop words,
 *   academic filler, LaTeX, numbers and one-letter tokens removed);
 * - plural and singular forms are one term when both occur ("networks" + "network"); it is shown in
 *   its more frequent form;
 * - distinct across themes: a term is a candidate only for the theme where its weight is highest;
 * - within a theme a term needs 2+ occurrences (themes of 5+ papers);
 * - a unigram gives way to a candidate bigram of its theme that holds at least half of its
 *   occurrences there ("gaussian" to "gaussian splatting"); the bigram takes the better of the two
 *   scores. So a unigram and a bigram containing it are shown together only when the unigram is
 *   mostly used on its own ("graph" and "graph classification").
 *
 * `members[c]` lists theme c's row indices; `texts(i)` is called once per paper.
 */
export function themeKeywords(
  members: ArrayLike<number>[],
  texts: (index: number) => PaperText,
  opts: KeywordOptions = {},
): Keyword[][] {
  const perTheme = opts.keywordsPerTheme ?? DEFAULT_KEYWORDS_PER_THEME;
  const cap = opts.maxTermsPerTheme ?? DEFAULT_MAX_TERMS_PER_THEME;
  const vocabulary = new Vocabulary();
  const counted = members.map((rows) => countThemeTerms(rows, texts, vocabulary, cap));
  const k = members.length;
  const ownAverage = counted.reduce((s, c) => s + c.totalTerms, 0) / k;
  opts.collect?.({ surfaceTotals: surfaceTotalsOf(counted), averageWords: ownAverage });
  const merged = mergeVariants(counted, opts.background?.surfaceTotals);

  // c-TF-IDF: weight(t, c) = tf(t, c) / words(c) × idf(t), idf(t) = log(1 + A / f(t)).
  const averageWords = opts.background?.averageWords ?? ownAverage;
  const idf = new Map<string, number>();
  for (const [term, total] of merged.idfTotals) idf.set(term, Math.log(1 + averageWords / total));
  const weight = (term: string, c: number) => (merged.themeCounts[c].get(term)! / counted[c].totalTerms) * idf.get(term)!;
  const owner = ownerTheme(merged.themeCounts, weight);

  return merged.themeCounts.map((counts, c) => {
    const minCount = members[c].length >= 5 ? 2 : 1;
    const candidates: [string, number][] = [];
    for (const [term, tf] of counts) {
      if (tf >= minCount && owner.get(term) === c) candidates.push([term, weight(term, c)]);
    }
    candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return pickWithoutRedundancy(candidates, counts, merged.unigramKey, perTheme).map(({ term, score }) => ({
      term: merged.display.get(term)!,
      score,
    }));
  });
}

/**
 * "gaussian splatting · rendering · 3d": the best keywords, skipping any that repeats a word already
 * in the label ("protein structure" after "protein"), three at most, two if three run too long.
 */
export function labelFromKeywords(keywords: Keyword[], themeId: number): string {
  const parts: string[] = [];
  const used = new Set<string>();
  for (const { term } of keywords) {
    if (parts.length === LABEL_TERMS) break;
    const words = term.split(' ');
    if (words.some((w) => used.has(w))) continue;
    words.forEach((w) => used.add(w));
    parts.push(term);
  }
  if (parts.length === 0) return `theme ${themeId}`;
  const label = parts.join(LABEL_SEPARATOR);
  return label.length > LABEL_MAX_CHARS && parts.length > 2 ? parts.slice(0, 2).join(LABEL_SEPARATOR) : label;
}

interface MergedCounts {
  /** Per theme: merged term key -> occurrences. */
  themeCounts: Map<string, number>[];
  /** Merged term key -> occurrences over all themes, f(t). */
  totals: Map<string, number>;
  /** f(t) for the idf: `totals`, or the background collection's occurrences when one is given. */
  idfTotals: Map<string, number>;
  /** Merged term key -> the surface form to show (the most frequent variant). */
  display: Map<string, string>;
  /** Any word -> the key it was merged into (for matching a bigram's words with unigrams). */
  unigramKey: (word: string) => string;
}

function surfaceTotalsOf(counted: ThemeTermCounts[]): Map<string, number> {
  const surfaceTotals = new Map<string, number>();
  for (const { counts } of counted) {
    for (const [term, n] of counts) surfaceTotals.set(term, (surfaceTotals.get(term) ?? 0) + n);
  }
  return surfaceTotals;
}

/** Folds plural variants into their singular when the singular occurs too. */
function mergeVariants(counted: ThemeTermCounts[], background?: Map<string, number>): MergedCounts {
  const surfaceTotals = surfaceTotalsOf(counted);
  const keyOf = new Map<string, string>();
  for (const term of surfaceTotals.keys()) {
    const singular = singularTermCandidates(term).find((s) => s !== term && surfaceTotals.has(s));
    if (singular) keyOf.set(term, singular);
  }
  const resolve = (term: string): string => {
    let key = term;
    // Chains are short ("analyses" -> "analysis"); the bound only guards against a cycle.
    for (let hops = 0; hops < 4 && keyOf.has(key); hops++) key = keyOf.get(key)!;
    return key;
  };

  const totals = new Map<string, number>();
  const idfTotals = new Map<string, number>();
  const display = new Map<string, string>();
  const displayCount = new Map<string, number>();
  // Sorted so that the display form among equally frequent variants does not depend on Map order.
  for (const term of [...surfaceTotals.keys()].sort()) {
    const key = resolve(term);
    const n = surfaceTotals.get(term)!;
    totals.set(key, (totals.get(key) ?? 0) + n);
    // A term the background pruned as rare there counts with its occurrences here.
    if (background) idfTotals.set(key, (idfTotals.get(key) ?? 0) + Math.max(n, background.get(term) ?? 0));
    const shown = displayCount.get(key) ?? -1;
    if (n > shown || (n === shown && term === key)) {
      display.set(key, term);
      displayCount.set(key, n);
    }
  }
  const themeCounts = counted.map(({ counts }) => {
    const out = new Map<string, number>();
    for (const [term, n] of counts) {
      const key = resolve(term);
      out.set(key, (out.get(key) ?? 0) + n);
    }
    return out;
  });
  return { themeCounts, totals, idfTotals: background ? idfTotals : totals, display, unigramKey: resolve };
}

/** Term -> the theme where its weight is highest (ties: the lower theme id). */
function ownerTheme(themeCounts: Map<string, number>[], weight: (term: string, c: number) => number): Map<string, number> {
  const owner = new Map<string, number>();
  const best = new Map<string, number>();
  themeCounts.forEach((counts, c) => {
    for (const term of counts.keys()) {
      const w = weight(term, c);
      const current = best.get(term);
      if (current === undefined || w > current) {
        best.set(term, w);
        owner.set(term, c);
      }
    }
  });
  return owner;
}

interface Ranked {
  term: string;
  /** A bigram standing in for unigrams ranks as the best of them. */
  rank: number;
}

/**
 * Replaces each unigram by the candidate bigram holding at least half of its occurrences (the one
 * holding most, if several), at the better of the two ranks; then keeps the top `limit`.
 */
function pickWithoutRedundancy(
  candidates: [string, number][],
  counts: Map<string, number>,
  unigramKey: (word: string) => string,
  limit: number,
): Keyword[] {
  const bigramsWith = new Map<string, string[]>();
  for (const [term] of candidates) {
    if (!term.includes(' ')) continue;
    for (const word of new Set(term.split(' ').map(unigramKey))) {
      const list = bigramsWith.get(word) ?? [];
      list.push(term); // candidates are sorted, so each list is best-weight first
      bigramsWith.set(word, list);
    }
  }
  const ranked = new Map<string, Ranked>();
  for (const [term, score] of candidates) {
    let shown = term;
    if (!term.includes(' ')) {
      const own = counts.get(term)!;
      let cover: string | undefined;
      for (const bigram of bigramsWith.get(term) ?? []) {
        const n = counts.get(bigram)!;
        if (n >= REDUNDANT_SHARE * own && (!cover || n > counts.get(cover)!)) cover = bigram;
      }
      if (cover) shown = cover;
    }
    const entry = ranked.get(shown);
    if (entry) entry.rank = Math.max(entry.rank, score);
    else ranked.set(shown, { term: shown, rank: score });
  }
  return [...ranked.values()]
    .sort((a, b) => b.rank - a.rank || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, limit)
    .map(({ term, rank }) => ({ term, score: rank }));
}
