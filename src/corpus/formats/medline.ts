import { parseAuthors } from '../authors.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import { pubmedUrl, taggedId } from '../pubmed.js';
import type { RawRecord } from '../record.js';
import { all, first, taggedRecords, type TaggedFormat, type TaggedRecord } from '../tagged-records.js';
import type { ParseItem } from '../types.js';

/**
 * MEDLINE text, PubMed's "Save as PubMed format" (`.nbib`, `.txt`): records open with `PMID- `, tags are padded
 * to four characters (`TI  - `), and long values go on in lines indented six spaces.
 *
 * Our own reader: no maintained npm package reads it (@citation-js/plugin-pubmed fetches from the PubMed API
 * instead, and needs citation-js core), and tagged-records.ts already streams the layout.
 */
export const MEDLINE: TaggedFormat = {
  name: 'MEDLINE',
  field: /^([A-Z][A-Z0-9]{1,3}) {0,2}-(?: (.*))?$/,
  starts: (tag) => tag === 'PMID',
  joinContinuation: (value, line) => `${value} ${line.trim()}`,
};

export async function* parseMedline(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  for await (const rec of taggedRecords(input.chunks(), input.file, MEDLINE)) yield ctx.item(toRecord(rec), rec.line);
}

function toRecord(rec: TaggedRecord): RawRecord {
  const pmid = first(rec, 'PMID');
  const ids = all(rec, 'LID', 'AID');
  const doi = ids.map((v) => taggedId(v, 'doi')).find(Boolean);
  // FAU is the full name (`Guo, Cong`); AU only initials (`Guo C`), used when a record has no FAU.
  const fullNames = all(rec, 'FAU');
  const authors = fullNames.length ? parseAuthors(fullNames).authors : all(rec, 'AU').map(initialsLast);
  const out: RawRecord = {
    title: first(rec, 'TI', 'BTI', 'TT'),
    abstract: first(rec, 'AB'),
    authors: [...authors, ...all(rec, 'CN')],
    orgs: all(rec, 'AD'),
    keywords: [...all(rec, 'OT'), ...all(rec, 'MH').map((m) => m.replace(/\*/g, '').split('/')[0])],
    date: first(rec, 'DP'),
    doi,
    pmid,
    url: pmid ? pubmedUrl(pmid) : undefined,
  };
  const extra: Record<string, unknown> = {};
  const journal = first(rec, 'JT', 'TA');
  if (journal) extra.journal = journal;
  const epub = first(rec, 'DEP');
  if (epub && /^\d{8}$/.test(epub)) extra.epub = `${epub.slice(0, 4)}-${epub.slice(4, 6)}-${epub.slice(6)}`;
  const pmc = first(rec, 'PMC');
  if (pmc) extra.pmc = pmc;
  const types = all(rec, 'PT');
  if (types.length) extra.publicationTypes = types;
  const language = first(rec, 'LA');
  if (language) extra.language = language;
  if (Object.keys(extra).length) out.extra = extra;
  return out;
}

/** `Smith JR` -> `JR Smith`: MEDLINE's short form, surname first and initials without dots. */
function initialsLast(au: string): string {
  const m = /^(.+?) ([A-Z]{1,4})$/.exec(au.trim());
  return m ? `${m[2]} ${m[1]}` : au;
}
