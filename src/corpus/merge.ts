import { doiKey, paperId } from './ids.js';
import type { Paper, SourceRef } from './paper.js';
import { normalizeForMatch } from './text.js';

/**
 * The same paper read from two records (two exports, or a record and the stored paper), merged field by field
 * so that nothing either knew is lost: the longer abstract and title, the fuller author list, the union of
 * categories, organisations, ids and sources, the most precise date. Every choice is made on the values alone,
 * never on which record came first, so `mergePapers(a, b)` equals `mergePapers(b, a)`, and merging a record into
 * a paper it is already part of changes nothing (a re-ingest of the same files is "unchanged").
 */
export function mergePapers(a: Paper, b: Paper): Paper {
  const abstractWinner = richer(a.abstract, b.abstract);
  const titleWinner = richer(a.title, b.title);
  const [abstract, abstractRaw] = textOf(abstractWinner, a.abstract, b.abstract, a.abstractRaw, b.abstractRaw);
  const [title, titleRaw] = textOf(titleWinner, a.title, b.title, a.titleRaw, b.titleRaw);
  const pick = <T>(x: T | undefined, y: T | undefined): T | undefined => fromWinner(abstractWinner, x, y);

  const authors = mergeAuthors(a, b);
  const date = preciseDate(a, b);
  const ids = mergeIds(a, b);
  const extra: Record<string, unknown> = {};
  for (const key of [...new Set([...Object.keys(a.extra ?? {}), ...Object.keys(b.extra ?? {})])].sort()) {
    if (key === 'authorsTruncated') continue;
    extra[key] = pick(a.extra?.[key], b.extra?.[key]);
  }
  if (authors.truncated) extra.authorsTruncated = true;
  const hasCode = a.hasCode === true || b.hasCode === true ? true : (a.hasCode ?? b.hasCode);
  const sources = mergeSources(a.sources ?? [a.source], b.sources ?? [b.source]);
  const source = abstractWinner === 'a' ? a.source : abstractWinner === 'b' ? b.source : minSource(a.source, b.source);

  const merged = canonicalPaper({
    id: '',
    title,
    abstract,
    titleRaw,
    abstractRaw,
    authors: authors.names,
    orgs: union(a.orgs, b.orgs),
    categories: union(a.categories, b.categories),
    date: date.date,
    dateRaw: date.dateRaw,
    year: date.year,
    url: pick(a.url, b.url),
    doi: ids.doi,
    arxivId: ids.arxivId,
    pmid: ids.pmid,
    hasCode,
    score: pick(a.score, b.score),
    extra: Object.keys(extra).length ? extra : undefined,
    source,
    sources,
  });
  merged.id = paperId(merged);
  merged.aliases = ids.aliases.filter((x) => x !== merged.id);
  if (!merged.aliases.length) delete merged.aliases;
  return merged;
}

/** The fields of a Paper in one fixed order, undefined ones left out: the same paper always serialises the same. */
export function canonicalPaper(p: Paper): Paper {
  const out: Record<string, unknown> = {};
  for (const key of PAPER_KEYS) if (p[key] !== undefined) out[key] = p[key];
  return out as unknown as Paper;
}

const PAPER_KEYS: (keyof Paper)[] = [
  'id', 'title', 'abstract', 'titleRaw', 'abstractRaw', 'authors', 'orgs', 'categories', 'date', 'dateRaw', 'year',
  'url', 'doi', 'arxivId', 'pmid', 'aliases', 'hasCode', 'score', 'extra', 'source', 'sources',
];

type Winner = 'a' | 'b' | 'tie';

/** The text that says more: the longer one; of two as long, the first in code point order (a choice on the values alone). */
function richer(x: string, y: string): Winner {
  if (x === y) return 'tie';
  if (x.length !== y.length) return x.length > y.length ? 'a' : 'b';
  return x < y ? 'a' : 'b';
}

function textOf(w: Winner, ax: string, bx: string, araw?: string, braw?: string): [string, string | undefined] {
  if (w === 'a') return [ax, araw];
  if (w === 'b') return [bx, braw];
  return [ax, minOf(araw, braw)];
}

/** The winner's value, else the other's; when neither record won, the lesser of the two values, so the choice is still symmetric. */
function fromWinner<T>(w: Winner, x: T | undefined, y: T | undefined): T | undefined {
  if (x === undefined) return y;
  if (y === undefined) return x;
  if (w === 'a') return x;
  if (w === 'b') return y;
  return JSON.stringify(x) <= JSON.stringify(y) ? x : y;
}

function minOf<T extends string>(x: T | undefined, y: T | undefined): T | undefined {
  if (x === undefined) return y;
  if (y === undefined) return x;
  return x <= y ? x : y;
}

/** Both lists' entries, the longer list's order first (`[cs.CV, cs.RO]` keeps its primary category ahead). */
function union(x: string[] | undefined, y: string[] | undefined): string[] | undefined {
  if (!x?.length) return y?.length ? [...y] : undefined;
  if (!y?.length) return [...x];
  const [base, other] = x.length > y.length || (x.length === y.length && x.join('\u0000') <= y.join('\u0000')) ? [x, y] : [y, x];
  return [...new Set([...base, ...other])];
}

/** `2023-07-19` says more than `2023-07` or `2023`; of two as precise, the earlier (a first version, an e-pub). */
function preciseDate(a: Paper, b: Paper): { date?: string; dateRaw?: string; year?: number } {
  const pickA = a.date !== undefined && (b.date === undefined || a.date.length > b.date.length || (a.date.length === b.date.length && a.date < b.date));
  const tie = a.date === b.date;
  const from = pickA ? a : b;
  const dateRaw = tie ? minOf(a.dateRaw, b.dateRaw) : from.dateRaw;
  return { date: from.date, dateRaw, year: from.date !== undefined ? from.year : (a.year ?? b.year) };
}

interface MergedIds {
  doi?: string;
  arxivId?: string;
  pmid?: string;
  /** Every other name either record had, including an arXiv id or DOI that lost to another. */
  aliases: string[];
}

function mergeIds(a: Paper, b: Paper): MergedIds {
  const aliases = new Set([...(a.aliases ?? []), ...(b.aliases ?? [])]);
  const one = (x: string | undefined, y: string | undefined, key: (s: string) => string, better: (s: string, t: string) => boolean): string | undefined => {
    if (x === undefined || y === undefined) return x ?? y;
    if (key(x) === key(y)) return minOf(x, y); // the same id written two ways: show one of them
    const [kept, other] = better(x, y) ? [x, y] : [y, x];
    aliases.add(other);
    return kept;
  };
  const same = (s: string): string => s;
  // A journal's DOI names the paper better than arXiv's own `10.48550/arXiv.*` DOI.
  const isArxivDoi = (d: string): boolean => doiKey(d).startsWith('10.48550/');
  const doi = one(a.doi, b.doi, doiKey, (x, y) => (isArxivDoi(x) !== isArxivDoi(y) ? !isArxivDoi(x) : doiKey(x) < doiKey(y)));
  const arxivId = one(a.arxivId, b.arxivId, same, (x, y) => x < y);
  const pmid = one(a.pmid, b.pmid, same, (x, y) => x < y);
  const known = new Set([doi && doiKey(doi), arxivId, pmid]);
  return { doi, arxivId, pmid, aliases: [...aliases].filter((x) => !known.has(x) && !known.has(x.toLowerCase())).sort() };
}

const sourceKey = (s: SourceRef): string => `${s.file}\u0000${String(s.line).padStart(12, '0')}\u0000${s.format}`;

function minSource(x: SourceRef, y: SourceRef): SourceRef {
  return sourceKey(x) <= sourceKey(y) ? x : y;
}

/** Same order as sourceKey's, without building a string per source per call. */
function compareSources(a: SourceRef, b: SourceRef): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line < b.line ? -1 : 1;
  return a.format === b.format ? 0 : a.format < b.format ? -1 : 1;
}

function sortedSources(list: SourceRef[]): SourceRef[] {
  for (let i = 1; i < list.length; i++) if (compareSources(list[i - 1], list[i]) > 0) return [...list].sort(compareSources);
  return list;
}

/**
 * The union in sourceKey order, equal sources once. A paper read from n files is merged n times, one record at
 * a time, and every merge's own list is already sorted: merging the two sorted lists in one pass keeps each
 * merge linear. Building and sorting keys each time made folding 8,000 records of one paper take 17 s (1 s for
 * 2,000: quadratic with a heavy constant); see test/corpus/merge-sources.test.ts.
 */
function mergeSources(x: SourceRef[], y: SourceRef[]): SourceRef[] {
  const a = sortedSources(x);
  const b = sortedSources(y);
  const out: SourceRef[] = [];
  const push = (s: SourceRef) => {
    if (out.length === 0 || compareSources(out[out.length - 1], s) !== 0) out.push(s);
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) push(compareSources(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) push(a[i++]);
  while (j < b.length) push(b[j++]);
  return out;
}

/** Same person for merging: last name and first initial, accents and case ignored (`C. Guo` = `Cong Guo`). */
function personKey(name: string): string {
  const words = normalizeForMatch(name).split(' ').filter(Boolean);
  if (words.length === 0) return '';
  const last = words[words.length - 1];
  return words.length === 1 ? last : `${last} ${words[0][0]}`;
}

const isTruncated = (p: Paper): boolean => p.extra?.authorsTruncated === true;

/**
 * The fuller list: the one with more names (of two as long, a complete one over an `et al.` one), with names
 * written out (`Cong Guo` over `C. Guo`) from the other. Names only the other list has are added when the
 * fuller list is itself cut short; a complete list is taken as complete (a variant spelling elsewhere must not
 * become a 17th author).
 */
function mergeAuthors(a: Paper, b: Paper): { names: string[]; truncated: boolean } {
  const rank = (p: Paper): [number, number, number] => [p.authors.length, isTruncated(p) ? 0 : 1, p.authors.join('').length];
  const [ra, rb] = [rank(a), rank(b)];
  const cmp = ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || (a.authors.join('\u0000') <= b.authors.join('\u0000') ? 1 : -1);
  const [base, other] = cmp >= 0 ? [a, b] : [b, a];
  const names = [...base.authors];
  const index = new Map(names.map((n, i) => [personKey(n), i]));
  for (const name of other.authors) {
    const at = index.get(personKey(name));
    if (at === undefined) {
      if (!isTruncated(base)) continue;
      index.set(personKey(name), names.length);
      names.push(name);
    } else if (name.length > names[at].length || (name.length === names[at].length && name < names[at])) {
      names[at] = name;
    }
  }
  return { names, truncated: isTruncated(base) };
}

/**
 * A paper of this run meeting the paper an earlier run stored. A source file the run read again is taken to
 * say now what the file says: when every source of the stored paper was read again, the run's version
 * replaces the stored one (an edited file is a correction, and a re-read of unchanged files changes nothing);
 * otherwise the two are merged, the re-read files' old lines dropped from the provenance. The stored id stays:
 * a paper keeps its id once stored, and the id it would get now is one of its keys.
 */
export function reconcileStored(stored: Paper, incoming: Paper, sameFile: (a: string, b: string) => boolean): Paper {
  const reread = (s: SourceRef): boolean => incoming.sources.some((i) => sameFile(i.file, s.file));
  const kept = stored.sources.filter((s) => !reread(s));
  const result = kept.length === 0 ? { ...incoming } : mergePapers({ ...stored, sources: kept, source: reread(stored.source) ? kept[0] : stored.source }, incoming);
  return withId(result, stored.id);
}

/** The paper under another id (its computed id is its arXiv id, DOI, PubMed id or text hash: a key either way). */
export function withId(paper: Paper, id: string): Paper {
  if (paper.id === id) return paper;
  const out = canonicalPaper({ ...paper, id });
  const aliases = (out.aliases ?? []).filter((a) => a !== id);
  if (aliases.length) out.aliases = aliases;
  else delete out.aliases;
  return out;
}
