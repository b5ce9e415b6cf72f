import { parseAuthors } from './authors.js';
import type { RawRecord } from './record.js';

/**
 * Papers as the Semantic Scholar Graph API returns them (`/paper/search`, `/paper/batch`, bulk datasets):
 * the arXiv id and DOI sit in `externalIds`, the day in `publicationDate`, and `paperId` is S2's own id.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);

export function isSemanticScholarPaper(o: Obj): boolean {
  return typeof o.paperId === 'string' && (isObj(o.externalIds) || 'corpusId' in o || /^[0-9a-f]{40}$/.test(o.paperId));
}

export function mapSemanticScholarPaper(o: Obj): RawRecord {
  const ids = isObj(o.externalIds) ? o.externalIds : {};
  const fields = Array.isArray(o.s2FieldsOfStudy) ? o.s2FieldsOfStudy.map((f) => (isObj(f) ? str(f.category) : undefined)) : [];
  const rec: RawRecord = {
    title: str(o.title),
    abstract: str(o.abstract),
    authors: parseAuthors(o.authors).authors,
    categories: [...new Set([...(Array.isArray(o.fieldsOfStudy) ? o.fieldsOfStudy : []), ...fields].filter((f): f is string => typeof f === 'string'))],
    date: str(o.publicationDate),
    year: typeof o.year === 'number' ? o.year : undefined,
    doi: str(ids.DOI),
    arxivId: undefined,
    pmid: str(ids.PubMed),
    url: str(o.url),
    aliases: [str(o.paperId), str(ids.CorpusId) && `CorpusId:${str(ids.CorpusId)}`].filter((x): x is string => !!x),
  };
  const arxiv = str(ids.ArXiv);
  if (arxiv) rec.arxivId = arxiv.replace(/v\d+$/, '');
  const extra: Obj = {};
  const venue = str(o.venue) ?? (isObj(o.journal) ? str(o.journal.name) : undefined);
  if (venue) extra.venue = venue;
  if (typeof o.citationCount === 'number') extra.citedBy = o.citationCount;
  if (isObj(o.tldr) && str(o.tldr.text)) extra.tldr = o.tldr.text;
  if (isObj(o.openAccessPdf) && str(o.openAccessPdf.url)) extra.pdf = o.openAccessPdf.url;
  if (Array.isArray(o.publicationTypes)) extra.publicationTypes = o.publicationTypes;
  if (Object.keys(extra).length) rec.extra = extra;
  return rec;
}
