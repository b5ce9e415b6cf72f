import { parseAuthors } from '../authors.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import type { RawRecord } from '../record.js';
import { all, first, taggedRecords, type TaggedFormat, type TaggedRecord } from '../tagged-records.js';
import type { ParseItem } from '../types.js';

/**
 * RIS, what EndNote, Mendeley, Zotero, Scopus, Web of Science and most publishers export: `TY  - JOUR` opens a
 * record, `ER  -` closes it, one `TAG  - value` per line. Tags differ between exporters (EndNote writes the
 * abstract as `AB`, Scopus and older ones as `N2`; titles come as `TI` or `T1`), so each field has its synonyms.
 *
 * Our own reader rather than a package: the npm RIS parsers (@citation-js/plugin-ris, astrocite-ris) read a
 * whole file into memory and convert to CSL-JSON, losing the tags we keep (N2, ID, AN), while the format is a
 * few lines of tag matching (tagged-records.ts) that streams.
 */
export const RIS: TaggedFormat = {
  name: 'RIS',
  field: /^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$/,
  ends: (tag) => tag === 'ER',
  starts: (tag) => tag === 'TY',
  joinContinuation: (value, line) => `${value} ${line.trim()}`,
};

export async function* parseRis(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  for await (const rec of taggedRecords(input.chunks(), input.file, RIS)) yield ctx.item(toRecord(rec), rec.line);
}

function toRecord(rec: TaggedRecord): RawRecord {
  const out: RawRecord = {
    title: first(rec, 'TI', 'T1', 'CT', 'BT'),
    abstract: first(rec, 'AB', 'N2'),
    // One person per line, `Last, First` (or `Last, F.`): each value is one author, never split further.
    authors: parseAuthors(all(rec, 'AU', 'A1')).authors,
    keywords: all(rec, 'KW').flatMap((k) => k.split(/\s*;\s*/)),
    date: risDate(first(rec, 'DA', 'PY', 'Y1')),
    year: yearOf(first(rec, 'PY', 'Y1', 'DA')),
    doi: first(rec, 'DO') ?? doiInM3(first(rec, 'M3')),
    url: first(rec, 'UR', 'L2'),
  };
  const id = first(rec, 'ID');
  if (id) out.aliases = [id];
  const extra: Record<string, unknown> = {};
  const type = first(rec, 'TY');
  if (type) extra.type = type;
  const journal = first(rec, 'T2', 'JO', 'JF', 'JA');
  if (journal) extra.journal = journal;
  for (const [tag, name] of [['VL', 'volume'], ['IS', 'issue'], ['SN', 'issn'], ['PB', 'publisher'], ['AN', 'accessionNumber'], ['DB', 'database']] as const) {
    const v = first(rec, tag);
    if (v) extra[name] = v;
  }
  const pages = [first(rec, 'SP'), first(rec, 'EP')].filter(Boolean).join('–');
  if (pages) extra.pages = pages;
  out.extra = extra;
  return out;
}

/** Older EndNote exports put the DOI in M3 ("type of work"), where it is recognisable as one. */
function doiInM3(value: string | undefined): string | undefined {
  return value && /^10\.\d{4,9}\//.test(value) ? value : undefined;
}

/** RIS dates are `YYYY/MM/DD/other`, any part empty: `2023///`, `2023/05/17/`, `2023/05//Spring`. */
function risDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?/.exec(value.trim());
  if (!m) return value;
  return [m[1], m[2], m[2] ? m[3] : undefined].filter(Boolean).map((p, i) => (i ? p!.padStart(2, '0') : p)).join('-');
}

function yearOf(value: string | undefined): number | undefined {
  const m = value ? /^(\d{4})/.exec(value.trim()) : null;
  return m ? Number(m[1]) : undefined;
}
