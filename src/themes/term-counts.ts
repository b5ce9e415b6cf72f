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

// Terms are counted under numeric keys: a word's id, or for a bigram (id1 + 1) · 2^26 + id2 (exact
// in a double up to 2^26 distinct words). Building and hashing a "w1 w2" string per bigram was the
// largest cost of the keyword step.
const BIGRAM_BASE = 2 ** 26;

/** Word <-> id, shared by all themes of one keyword run. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      if (id >= BIGRAM_BASE) throw new RangeError('vocabulary exceeds 2^26 distinct words');
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  term(key: number): string {
    if (key < BIGRAM_BASE) return this.words[key];
    const first = Math.floor(key / BIGRAM_BASE) - 1;
    return `${this.words[first]} ${this.words[key - (first + 1) * BIGRAM_BASE]}`;
  }
}

/**
 * Counts unigrams and bigrams over the titles and abstracts of one theme's papers. Memory is
 * bounded: when the map grows past 4 × cap mid-theme, and again at the end, the rarest terms are
 * dropped until at most `cap` remain. The counts of frequent terms, the only ones that can become
 * keywords, are exact or nearly so.
 */
export function countThemeTerms(
  members: ArrayLike<number>,
  texts: (index: number) => PaperText,
  vocabulary: Vocabulary,
  cap = DEFAULT_MAX_TERMS_PER_THEME,
): ThemeTermCounts {
  const counts = new Map<number, number>();
  let totalTerms = 0;
  for (let m = 0; m < members.length; m++) {
    const { title, abstract } = texts(members[m]);
    // Title and abstract separately: no bigram from the title's last word and the abstract's first.
    for (const part of [title, abstract ?? '']) {
      for (const run of contentRuns(part)) {
        let previous = -1;
        for (const word of run) {
          const id = vocabulary.id(word);
          counts.set(id, (counts.get(id) ?? 0) + 1);
          totalTerms++;
          if (previous >= 0 && previous !== id) {
            const key = (previous + 1) * BIGRAM_BASE + id;
            counts.set(key, (counts.get(key) ?? 0) + 1);
            totalTerms++;
          }
          previous = id;
        }
      }
    }
    if (counts.size > 4 * cap) pruneRarest(counts, cap);
  }
  if (counts.size > cap) pruneRarest(counts, cap);
  const named = new Map<string, number>();
  for (const [key, n] of counts) named.set(vocabulary.term(key), n);
  return { counts: named, totalTerms };
}

/** Deletes every term whose count is at or below the (cap+1)-th largest count: at most cap remain. */
function pruneRarest(counts: Map<number, number>, cap: number): void {
  const values = Int32Array.from(counts.values()).sort().reverse();
  const threshold = values[cap];
  for (const [term, count] of counts) if (count <= threshold) counts.delete(term);
}
