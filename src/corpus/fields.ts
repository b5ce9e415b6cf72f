import { UserError } from '../errors.js';
import { parseAuthors } from './authors.js';
import { parseYear } from './dates.js';
import { arxivIdFromField, arxivIdFromText, cleanDoi } from './ids.js';
import type { RawRecord } from './record.js';

/**
 * Mapping the keys of JSON objects and the columns of CSV files onto paper fields: case-insensitive, with
 * aliases for the exports people have (arXiv, OpenAlex, Zotero CSV, Scopus, Web of Science), and the
 * user's `--map field=column` overrides first.
 */

export const PAPER_FIELDS = [
  'id', 'title', 'abstract', 'authors', 'categories', 'keywords', 'date', 'year', 'url', 'doi', 'arxivId',
  'pmid', 'orgs', 'hasCode', 'score',
] as const;
export type PaperField = (typeof PAPER_FIELDS)[number];

/** Aliases in priority order; the first one present wins (lists: all present are joined). */
const ALIASES: Record<PaperField, string[]> = {
  id: ['id', 'paper_id', 'paperid', 'entry_id'],
  title: ['title', 'display_name', 'paper_title', 'article_title', 'document_title', 'ti',
    // `name` is the title only when nothing else is: in many datasets it names a person or a file.
    'name'],
  abstract: ['abstract', 'summary', 'abstract_note', 'abstract_text', 'paper_abstract', 'ab', 'description'],
  authors: ['authors', 'author', 'author_full_names', 'author_names', 'creators', 'af', 'au'],
  categories: ['primary_category', 'categories', 'category', 'subjects', 'subject', 'arxiv_categories'],
  keywords: ['keywords', 'keyword', 'author_keywords', 'tags', 'manual_tags', 'de', 'index_keywords'],
  date: ['date', 'published', 'publication_date', 'published_date', 'pub_date', 'date_published', 'created',
    'update_date', 'updated'],
  year: ['year', 'publication_year', 'pub_year', 'py'],
  url: ['url', 'link', 'landing_page_url', 'abs_url', 'pdf_url', 'href'],
  doi: ['doi', 'di'],
  arxivId: ['arxiv_id', 'arxivid', 'arxiv', 'eprint'],
  pmid: ['pmid', 'pubmed_id', 'pubmedid'],
  orgs: ['orgs', 'organizations', 'organisations', 'affiliations', 'affiliation', 'institutions', 'c1'],
  hasCode: ['has_code', 'hascode'],
  score: ['score'],
};
const LIST_FIELDS = new Set<PaperField>(['categories', 'keywords', 'orgs']);

/** `Abstract Note` -> `abstract_note`, `arxivId` -> `arxivid`: how keys compare. */
export function normalizeKey(key: string): string {
  return key.slice(0, 200).trim().toLowerCase().replace(/[^a-z0-9.]+/g, '_').replace(/^_+|_+$/g, '');
}

/** `arxivId`, `arxiv_id`, `arxiv` all name the same field on the command line. */
const FIELD_NAMES = new Map<string, PaperField>([
  ...PAPER_FIELDS.map((f) => [normalizeKey(f), f] as [string, PaperField]),
  ['arxiv_id', 'arxivId'], ['arxiv', 'arxivId'], ['has_code', 'hasCode'], ['author', 'authors'],
  ['category', 'categories'], ['keyword', 'keywords'], ['org', 'orgs'], ['summary', 'abstract'],
]);

/** Checks `--map` field names once, so a typo fails before any reading. */
export function resolveFieldMap(fieldMap: Record<string, string> | undefined): Map<PaperField, string> {
  const resolved = new Map<PaperField, string>();
  for (const [name, column] of Object.entries(fieldMap ?? {})) {
    const field = FIELD_NAMES.get(normalizeKey(name));
    if (!field) {
      throw new UserError(
        `--map ${name}=${column}: '${name}' is not a paper field.`,
        `Paper fields: ${PAPER_FIELDS.join(', ')}.`,
      );
    }
    if (!column.trim()) throw new UserError(`--map ${name}=: the column name is missing.`, `Write --map ${name}=<column>.`);
    resolved.set(field, column.trim());
  }
  return resolved;
}

/** Which source keys feed which paper field, for one set of keys. */
export interface KeyPlan {
  fields: Map<PaperField, string[]>;
  /** Keys that feed no field: they go to `extra`. */
  unused: string[];
}

export class FieldMapper {
  private readonly plans = new Map<string, KeyPlan>();

  constructor(private readonly overrides: Map<PaperField, string>) {}

  /** The plan for a record's keys; JSON records usually share their keys, so plans are cached. */
  plan(keys: string[]): KeyPlan {
    const signature = keys.join('\u0000');
    let plan = this.plans.get(signature);
    if (!plan) {
      plan = makePlan(keys, this.overrides);
      if (this.plans.size < 1000) this.plans.set(signature, plan);
    }
    return plan;
  }

  /** Fields the user mapped to a key that this record (or CSV header) does not have. */
  missingOverrides(keys: string[]): string[] {
    const have = new Set(keys.map(normalizeKey));
    return [...this.overrides.values()].filter((col) => !col.includes('.') && !have.has(normalizeKey(col)));
  }

  /** Turns one flat or nested object into a raw record. */
  map(obj: Record<string, unknown>): RawRecord {
    const plan = this.plan(Object.keys(obj));
    const rec: RawRecord = {};
    for (const [field, keys] of plan.fields) {
      const values = keys.map((k) => (k.includes('.') && !(k in obj) ? getPath(obj, k) : obj[k]));
      applyField(rec, field, values);
    }
    const extra: Record<string, unknown> = {};
    for (const key of plan.unused) {
      const v = obj[key];
      if (v !== undefined && v !== null && v !== '') extra[key] = v;
    }
    if (Object.keys(extra).length) rec.extra = { ...extra, ...rec.extra };
    return rec;
  }

  /** Only the user's `--map` fields: for sources with a mapping of their own (OpenAlex works). */
  mapOverridesOnly(obj: Record<string, unknown>): RawRecord {
    const rec: RawRecord = {};
    for (const [field, column] of this.overrides) applyField(rec, field, [getPath(obj, column)]);
    return rec;
  }
}

function makePlan(keys: string[], overrides: Map<PaperField, string>): KeyPlan {
  const byNorm = new Map<string, string>();
  for (const k of keys) if (!byNorm.has(normalizeKey(k))) byNorm.set(normalizeKey(k), k);
  const used = new Set<string>();
  const fields = new Map<PaperField, string[]>();
  for (const [field, column] of overrides) {
    const key = byNorm.get(normalizeKey(column)) ?? column; // a dotted path into nested JSON
    fields.set(field, [key]);
    used.add(key);
  }
  for (const field of PAPER_FIELDS) {
    if (fields.has(field)) continue;
    const found: string[] = [];
    for (const alias of ALIASES[field]) {
      const key = byNorm.get(alias);
      if (key === undefined || used.has(key)) continue;
      found.push(key);
      if (!LIST_FIELDS.has(field)) break;
    }
    if (found.length) {
      fields.set(field, found);
      for (const k of found) used.add(k);
    }
  }
  return { fields, unused: keys.filter((k) => !used.has(k)) };
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const record = cur as Record<string, unknown>;
    const key = part in record ? part : Object.keys(record).find((k) => normalizeKey(k) === normalizeKey(part));
    cur = key === undefined ? undefined : record[key];
  }
  return cur;
}

const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Text of a scalar, or of the first string in an array (Crossref titles are `["..."]`). */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(textOf).find((t) => t !== undefined && t.trim() !== '');
  return undefined;
}

/** A list from an array (of strings or `{display_name}` objects) or from a separated string. */
export function listOf(v: unknown, field: PaperField): string[] {
  if (Array.isArray(v)) {
    return v.flatMap((x) => {
      if (typeof x === 'string') return [x];
      if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        const name = o.display_name ?? o.name ?? o.term ?? o.label ?? o.keyword;
        return typeof name === 'string' ? [name] : [];
      }
      return typeof x === 'number' ? [String(x)] : [];
    });
  }
  if (typeof v !== 'string') return [];
  if (v.includes(';')) return v.split(';');
  if (v.includes(',')) return v.split(',');
  // arXiv writes categories space-separated: `cs.CV cs.LG`
  const words = v.trim().split(/\s+/);
  if (field === 'categories' && words.every((w) => /^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(w))) return words;
  return [v];
}

function applyField(rec: RawRecord, field: PaperField, values: unknown[]): void {
  const present = values.filter((v) => !isEmpty(v));
  if (present.length === 0) return;
  const v = present[0];
  switch (field) {
    case 'id':
      return applyId(rec, v);
    case 'title':
      rec.title = textOf(v);
      return;
    case 'abstract':
      rec.abstract = textOf(v);
      return;
    case 'authors': {
      const list = parseAuthors(v);
      rec.authors = list.authors;
      if (list.truncated) rec.authorsTruncated = true;
      return;
    }
    case 'categories':
    case 'keywords':
    case 'orgs':
      rec[field] = present.flatMap((x) => listOf(x, field));
      return;
    case 'date':
      rec.date = textOf(v);
      return;
    case 'year':
      rec.year = parseYear(v);
      return;
    case 'url':
      rec.url = textOf(v);
      if (rec.url && !rec.arxivId) rec.arxivId = arxivIdFromText(rec.url);
      return;
    case 'doi':
      rec.doi = textOf(v);
      return;
    case 'pmid': {
      const t = textOf(v)?.trim();
      if (t && /^\d{1,9}$/.test(t)) rec.pmid = t;
      return;
    }
    case 'arxivId': {
      const t = textOf(v);
      const id = t ? arxivIdFromField(t) : undefined;
      if (id) rec.arxivId = id;
      else if (t) rec.extra = { ...rec.extra, arxiv: v };
      return;
    }
    case 'hasCode':
      rec.hasCode = v === true || (typeof v === 'string' && /^(?:true|yes|y|1)$/i.test(v.trim())) || v === 1;
      return;
    case 'score': {
      const n = typeof v === 'number' ? v : Number(textOf(v));
      if (Number.isFinite(n)) rec.score = n;
      return;
    }
  }
}

/** An `id` column may hold an arXiv id, a DOI or an id of the source's own (kept as an alias: `similar <id>` finds it). */
function applyId(rec: RawRecord, v: unknown): void {
  const t = textOf(v)?.trim();
  if (!t) return;
  const arxiv = arxivIdFromField(t);
  if (arxiv) {
    rec.arxivId ??= arxiv;
    return;
  }
  const doi = cleanDoi(t);
  if (doi) {
    rec.doi ??= doi;
    return;
  }
  rec.aliases = [...(rec.aliases ?? []), t];
}
