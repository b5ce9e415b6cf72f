import { normalizeDate } from './dates.js';
import { arxivIdFromText, cleanDoi, doiFromUrl, doiKey, paperId } from './ids.js';
import type { Paper, SourceRef } from './paper.js';
import { cleanText, collapseWhitespace } from './text.js';

/** What a format parser pulled out of one record, before cleanup and ids: the common shape of all formats. */
export interface RawRecord {
  title?: string;
  abstract?: string;
  authors?: string[];
  /** The source lists only the first authors (`et al.`, BibTeX `and others`). */
  authorsTruncated?: boolean;
  orgs?: string[];
  categories?: string[];
  /** Free-text keywords: they become the categories of a record that has none, else `extra.keywords`. */
  keywords?: string[];
  /** The date as written. */
  date?: string;
  year?: number;
  url?: string;
  doi?: string;
  /** Already canonical (see ids.ts). */
  arxivId?: string;
  /** PubMed id (digits). */
  pmid?: string;
  /** The source's own ids for the record, and any further DOIs or arXiv ids (see Paper.aliases). */
  aliases?: string[];
  hasCode?: boolean;
  score?: number;
  extra?: Record<string, unknown>;
}

export type Built = { paper: Paper } | { missing: string };

/** Cleans the text, fills ids and dates; a record without title or abstract comes back as what it misses. */
export function buildPaper(rec: RawRecord, source: SourceRef): Built {
  const title = cleanText(rec.title ?? '');
  const abstract = cleanText(rec.abstract ?? '');
  if (!title || !abstract) {
    return { missing: !title && !abstract ? 'no title and no abstract' : !title ? 'no title' : 'no abstract' };
  }
  const paper: Paper = { id: '', title, abstract, authors: cleanList(rec.authors), source, sources: [source] };
  if (title !== collapseWhitespace(rec.title ?? '')) paper.titleRaw = rec.title;
  if (abstract !== collapseWhitespace(rec.abstract ?? '')) paper.abstractRaw = rec.abstract;

  const orgs = cleanList(rec.orgs);
  if (orgs.length) paper.orgs = orgs;
  const categories = cleanList(rec.categories);
  const keywords = cleanList(rec.keywords);
  const extra: Record<string, unknown> = { ...rec.extra };
  if (categories.length) paper.categories = categories;
  else if (keywords.length) paper.categories = keywords;
  if (categories.length && keywords.length) extra.keywords = keywords;
  if (rec.authorsTruncated) extra.authorsTruncated = true;

  setDate(paper, rec);
  const url = rec.url?.trim();
  if (url) paper.url = url;
  const doi = (rec.doi && cleanDoi(rec.doi)) || (url && doiFromUrl(url)) || undefined;
  if (doi) paper.doi = doi;
  const arxivId = rec.arxivId ?? (url ? arxivIdFromText(url) : undefined) ?? (doi ? arxivIdFromText(doi) : undefined);
  if (arxivId) paper.arxivId = arxivId;
  const pmid = rec.pmid?.trim();
  if (pmid && /^\d{1,9}$/.test(pmid)) paper.pmid = pmid;
  const known = new Set([arxivId, doi && doiKey(doi), pmid]);
  const aliases = cleanList(rec.aliases).filter((a) => a.length <= 200 && !known.has(a) && !known.has(a.toLowerCase()));
  if (aliases.length) paper.aliases = aliases;
  if (rec.hasCode !== undefined) paper.hasCode = rec.hasCode;
  if (rec.score !== undefined && Number.isFinite(rec.score)) paper.score = rec.score;
  if (Object.keys(extra).length) paper.extra = extra;
  paper.id = paperId(paper);
  return { paper };
}

function setDate(paper: Paper, rec: RawRecord): void {
  const raw = rec.date ? collapseWhitespace(rec.date) : '';
  const parsed = raw ? normalizeDate(raw) : {};
  const year = rec.year ?? parsed.year;
  const date = parsed.date ?? (year !== undefined ? String(year) : undefined);
  if (date) paper.date = date;
  // Keep the original only when it says something the ISO form does not.
  if (raw && raw !== date) paper.dateRaw = raw;
  if (year !== undefined) paper.year = year;
}

/** Cleaned, non-empty, without exact repeats, in source order. */
function cleanList(values: string[] | undefined): string[] {
  if (!values?.length) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    const c = cleanText(v);
    if (c && !seen.has(c)) {
      seen.add(c);
      out.push(c);
    }
  }
  return out;
}
