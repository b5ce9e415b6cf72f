import { parseAuthors } from './authors.js';
import { arxivIdFromField } from './ids.js';
import type { RawRecord } from './record.js';

/**
 * Lines of Kaggle's arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json): `versions` lists every version
 * with its submission time, so the paper's date is its first version's (`update_date` is when the metadata last
 * changed: 0704.0001, submitted in April 2007, has 2008-11-13 there). `authors_parsed` holds the names already
 * split as `[last, first, suffix]`.
 */

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export function isArxivSnapshotRecord(o: Obj): boolean {
  return typeof o.id === 'string' && Array.isArray(o.versions) && ('authors_parsed' in o || 'update_date' in o);
}

export function mapArxivSnapshotRecord(o: Obj): RawRecord {
  const versions = (o.versions as unknown[]).filter((v): v is Obj => v !== null && typeof v === 'object');
  // Several DOIs are written space-separated: the first is the paper's, the rest are names it also goes by.
  const dois = (str(o.doi) ?? '').split(/\s+/).filter(Boolean);
  const rec: RawRecord = {
    title: str(o.title),
    abstract: str(o.abstract),
    authors: parseAuthors(Array.isArray(o.authors_parsed) && o.authors_parsed.length ? o.authors_parsed : o.authors).authors,
    categories: (str(o.categories) ?? '').split(/\s+/).filter(Boolean),
    date: str(versions[0]?.created) ?? str(o.update_date),
    arxivId: arxivIdFromField(o.id as string),
    doi: dois[0],
    aliases: dois.slice(1),
  };
  const extra: Obj = {};
  for (const [key, name] of [['journal-ref', 'journalRef'], ['comments', 'comment'], ['report-no', 'reportNo'], ['license', 'license'], ['submitter', 'submitter'], ['update_date', 'updated']] as const) {
    const v = str(o[key]);
    if (v) extra[name] = v;
  }
  if (versions.length > 1) extra.versions = versions.length;
  rec.extra = extra;
  return rec;
}
