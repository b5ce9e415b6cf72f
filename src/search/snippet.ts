import { queryWords } from '../store/query-words.js';

const MAX = 220;

/**
 * The sentence of the abstract that shares the most words with the query (or its opening), cut to
 * about two lines: enough to tell why a paper came up without reading the abstract.
 */
export function snippetFor(abstract: string, query: string): string {
  const words = new Set(queryWords(query).filter((w) => w.length > 2));
  const sentences = abstract.match(/[^.!?]+[.!?]*/g) ?? [abstract];
  let best = sentences[0] ?? '';
  let bestHits = 0;
  if (words.size > 0) {
    for (const sentence of sentences) {
      const hits = new Set((sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => words.has(w))).size;
      if (hits > bestHits) {
        best = sentence;
        bestHits = hits;
      }
    }
  }
  return clip(best.trim(), MAX);
}

export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, cut > max * 0.6 ? cut : max - 1)}…`;
}
