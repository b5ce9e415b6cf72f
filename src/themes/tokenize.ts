import { stripMarkup } from './markup.js';
import { isStopWord } from './stop-words.js';

// A word, possibly hyphenated: "graph", "3d", "k-means", "self-supervised", "covid-19".
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const POSSESSIVE = /['’]s\b/g;
const HAS_LETTER = /\p{L}/u;
// 1st, 2nd, 3rd, 10th, 1990s: numbers dressed as words.
const NUMBER_LIKE = /^\d+(?:st|nd|rd|th|s)$/;
const MIN_LENGTH = 2;
const MAX_LENGTH = 40;

/**
 * The content words of a text as runs of adjacent words. A run ends at punctuation, a stop word or a
 * dropped token (number, one letter, LaTeX), so bigrams are only ever read off one run: "analysis of
 * graphs" gives no bigram "analysis graphs".
 *
 * Hyphenated words stay whole ("few-shot", "k-means", "self-supervised") unless a part after the
 * first is a stop word: then they are split into separate words ("graph-based" -> "graph",
 * "state-of-the-art" -> nothing).
 */
export function contentRuns(text: string): string[][] {
  const clean = stripMarkup(text).toLowerCase().replace(POSSESSIVE, '');
  const runs: string[][] = [];
  let run: string[] = [];
  let previousEnd = 0;
  const endRun = () => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const match of clean.matchAll(WORD)) {
    const start = match.index ?? 0;
    if (!onlySpaces(clean, previousEnd, start)) endRun(); // punctuation in between
    previousEnd = start + match[0].length;
    for (const word of splitCompound(match[0])) {
      if (isContentWord(word)) run.push(word);
      else endRun();
    }
  }
  endRun();
  return runs;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function splitCompound(word: string): string[] {
  if (!word.includes('-')) return [word];
  const parts = word.split('-');
  return parts.slice(1).some(isStopWord) ? parts : [word];
}

function isContentWord(word: string): boolean {
  return (
    word.length >= MIN_LENGTH &&
    word.length <= MAX_LENGTH &&
    HAS_LETTER.test(word) &&
    !NUMBER_LIKE.test(word) &&
    !isStopWord(word)
  );
}
