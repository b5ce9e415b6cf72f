import { contentRuns } from './tokenize.js';

/** What the keyword step reads for one paper. */
export interface PaperText {
  title: string;
  abstract?: string | null;
}

/** Term occurrences in one theme's papers. */
export interface ThemeTermCounts {
  /** Term (word or "word word") -> occurrences. Only the most frequent `cap` terms are kept. */
  counts: Map<string, number>;
  /** All term occurrences counted, before any pruning: the theme's size in words for c-TF-IDF. */
  totalTerms: number;
}

/** Per theme we keep at most this many distinct terms (the rest are too rare to be keywords). */
export const DEFAULT_MAX_TERMS_PER_THEME = 10_000;

/**
 * Counts unigrams and bigrams over the titles and abstracts of one theme's papers. Memory is
 * bounded: when the map grows past 4 × cap mid-theme, and again at the end, the rarest terms are
 * dropped until at most `cap` remain. The counts of frequent terms, the only ones that can become
 * keywords, are exact or nearly so.
 */
export function countThemeTerms(
  members: ArrayLike<number>,
  texts: (index: number) => PaperText,
  cap = DEFAULT_MAX_TERMS_PER_THEME,
): ThemeTermCounts {
  const counts = new Map<string, number>();
  let totalTerms = 0;
  const add = (term: string) => {
    counts.set(term, (counts.get(term) ?? 0) + 1);
    totalTerms++;
  };
  for (let m = 0; m < members.length; m++) {
    const { title, abstract } = texts(members[m]);
    // Title and abstract separately: no bigram from the title's last word and the abstract's first.
    for (const part of [title, abstract ?? '']) {
      for (const run of contentRuns(part)) {
        for (let j = 0; j < run.length; j++) {
          add(run[j]);
          if (j > 0 && run[j - 1] !== run[j]) add(`${run[j - 1]} ${run[j]}`);
        }
      }
    }
    if (counts.size > 4 * cap) pruneRarest(counts, cap);
  }
  if (counts.size > cap) pruneRarest(counts, cap);
  return { counts, totalTerms };
}

/** Deletes every term whose count is at or below the (cap+1)-th largest count: at most cap remain. */
function pruneRarest(counts: Map<string, number>, cap: number): void {
  const values = Int32Array.from(counts.values()).sort().reverse();
  const threshold = values[cap];
  for (const [term, count] of counts) if (count <= threshold) counts.delete(term);
}
