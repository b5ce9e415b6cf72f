import { latexToText } from './latex.js';

/** Characters that can start LaTeX or markup worth converting; text without them only needs spacing fixed. */
const NEEDS_LATEX = /[\\${}~]/;
const NEEDS_MARKUP = /[<&]/;

// Tags that publishers put into abstracts (Crossref's JATS, HTML from web exports). Other `<` stay: `a < b`.
const MARKUP_TAG =
  /<\/?(?:jats:[a-z-]{1,30}|p|i|b|em|strong|sub|sup|br|span|div|italic|bold|sc|scp|a|mml:[a-z]{1,20}|math)(?:\s[^<>]{0,300})?\/?>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Control and invisible characters that only disturb display and matching. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00AD\u200B\u200C\u200D\u2060\uFEFF]/g;

export function collapseWhitespace(s: string): string {
  // The same as replacing every `\s+` with a space, but single spaces (most of them) are not matched: with
  // one match per word, a 50 MB abstract took seconds.
  return s.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/**
 * Display text for a title or abstract: whitespace collapsed, simple LaTeX (`$\times$`, `\'e`, `\textbf{x}`,
 * `--`) and publisher markup (`<jats:p>`, `&amp;`) made readable. Prices (`$5`) and e-mails stay as written.
 */
export function cleanText(raw: string): string {
  let s = raw.replace(INVISIBLE, '');
  if (NEEDS_MARKUP.test(s)) s = stripMarkup(s);
  if (NEEDS_LATEX.test(s)) s = latexToText(s);
  if (s.includes('--')) s = dashes(s);
  if (s.includes('``')) s = s.replaceAll('``', '“').replaceAll("''", '”');
  return collapseWhitespace(composeDotless(s).normalize('NFC'));
}

/**
 * LaTeX writes an accented i on the dotless i (`{\'\i}`, `\'{\i}`): `ı` + a combining accent, which Unicode
 * never composes. On the plain `i` it composes to `í`, the letter a reader (and `--author María`) expects.
 */
function composeDotless(s: string): string {
  return s.includes('ı') || s.includes('ȷ') ? s.replace(/[ıȷ](?=\p{M})/gu, (c) => (c === 'ı' ? 'i' : 'j')) : s;
}

function stripMarkup(s: string): string {
  return s
    .replace(MARKUP_TAG, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name]);
}

/** `--` is an en dash and `---` an em dash, except in command-line flags (`--help`) and URLs. */
function dashes(s: string): string {
  return s.replace(/-{2,}/g, (run, offset: number) => {
    if (run.length > 3) return run;
    const before = s[offset - 1];
    const after = s[offset + run.length];
    if (after === '>' || before === '!' || before === '<') return run;
    const isFlag = (before === undefined || /\s/.test(before)) && after !== undefined && /[A-Za-z]/.test(after);
    if (isFlag) return run;
    // Look back a bounded distance only, so long lines full of dashes stay linear.
    const lookBack = s.slice(Math.max(0, offset - 200), offset);
    if (/:\/\/|www\./.test(lookBack.slice(lookBack.lastIndexOf(' ') + 1))) return run;
    return run.length === 3 ? '—' : '–';
  });
}

/** Lower case without accents (`Müller` -> `muller`): how names and titles compare when a user searches them. */
export function foldAccents(s: string): string {
  return composeDotless(s).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The text compared when two records have no shared identifier: accents and case folded, only letters and
 * digits kept, single spaces between them.
 */
export function normalizeForMatch(s: string): string {
  return foldAccents(s)
    // Every run of other characters becomes one space; a run that already is one space is left alone
    // (the same result, without one match per word: on a 50 MB abstract that ran out of memory).
    .replace(/[^\p{L}\p{N}]{2,}|[^\p{L}\p{N} ]/gu, ' ')
    .trim();
}
