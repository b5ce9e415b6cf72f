import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { detectDelimiter, firstLine } from './formats/csv.js';
import { parseMetaLine } from './formats/listing.js';
import { FieldMapper, resolveFieldMap, type PaperField } from './fields.js';
import { JsonRecordScanner } from './json-scanner.js';
import { FORMATS, type FormatName } from './paper.js';

/**
 * Which format a file is in, from its first bytes (content first: people rename files), with the file
 * extension only breaking ties (`.csv` with an unusual header is still CSV).
 */

export { FORMATS };

const EXTENSIONS: Record<string, FormatName> = {
  jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', csv: 'csv', tsv: 'tsv', tab: 'tsv', bib: 'bibtex',
  bibtex: 'bibtex', ris: 'ris', nbib: 'medline', medline: 'medline',
};

/** The format the extension suggests, looking through `.gz`. */
export function formatFromName(file: string): FormatName | undefined {
  const name = basename(file).toLowerCase().replace(/\.gz$/, '');
  const dot = name.lastIndexOf('.');
  return dot === -1 ? undefined : EXTENSIONS[name.slice(dot + 1)];
}

// `[ \t]*`, not `\s*`: with the m flag, `\s*` would rescan runs of blank lines from every line start.
const BIBTEX_ENTRY = /^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]/m;
/** RIS opens each record with its type (`TY  - JOUR`); some exporters put a header line or two before it. */
const RIS_START = /^TY {1,2}- ?[A-Z]/m;
/** MEDLINE text opens each record with its PubMed id. */
const MEDLINE_START = /^PMID- ?\d/m;

/**
 * @param head the first decoded kilobytes of the file, BOM removed
 * @param fieldMap the user's `--map`, so a CSV whose abstract column is only named there is still a CSV
 */
export function detectFormat(file: string, head: string, fieldMap?: Record<string, string>): FormatName {
  return detectWith(file, head, resolveFieldMap(fieldMap));
}

export function detectWith(file: string, head: string, fieldMap: Map<PaperField, string>): FormatName {
  const hint = formatFromName(file);
  const text = head.replace(/^\s+/, '');
  const first = text[0];
  if (first === '[') return 'json';
  if (first === '{') return firstLineIsJson(text) && !isOneLineWrapper(text) ? 'jsonl' : 'json';
  if (first === '@' || (first === '%' && BIBTEX_ENTRY.test(text))) return 'bibtex';
  if (first === '<') return xmlFormat(file, text);
  const start = text.slice(0, 2000);
  if (RIS_START.test(start)) return 'ris';
  if (MEDLINE_START.test(start)) return 'medline';
  const line = firstLine(text);
  if (parseMetaLine(line)) return 'listing';
  if (looksLikeCsvHeader(line, fieldMap) || hint === 'csv' || hint === 'tsv') {
    if (hint === 'tsv' || detectDelimiter(line) === '\t') return 'tsv';
    return 'csv';
  }
  if (hint === 'bibtex' && BIBTEX_ENTRY.test(text)) return 'bibtex';
  throw unknownFormat(file);
}

export function unknownFormat(file: string): UserError {
  return new UserError(
    `Cannot tell the format of ${file}.`,
    `paperscope reads JSON Lines (.jsonl), JSON (.json), CSV/TSV with a header row naming a title and an abstract column, BibTeX (.bib), RIS (.ris), MEDLINE (.nbib), PubMed XML, the arXiv API's Atom feed and the publication-listing text format; any of them may be gzipped (.gz). If the file is one of these, pass --format ${FORMATS.join('|')}.`,
  );
}

/** XML: the arXiv API's Atom feed or a PubMed article set, told apart by their root elements. */
function xmlFormat(file: string, text: string): FormatName {
  if (/<PubmedArticleSet[\s>]/.test(text)) return 'pubmed-xml';
  // Other Atom feeds (blogs, journals' tables of contents) have entries too, but not papers' abstracts.
  if (/<feed[\s>]/.test(text) && text.includes('http://www.w3.org/2005/Atom') && /arxiv\.org/i.test(text)) return 'arxiv-atom';
  throw new UserError(
    `${file} is XML that paperscope does not read (neither PubMed XML nor an arXiv API Atom feed).`,
    'Export the papers as PubMed XML, RIS, BibTeX, CSV or JSON; an EndNote XML library can be exported as RIS from EndNote.',
  );
}

/**
 * JSON Lines when the first line is a whole JSON value (or, if line 1 is damaged, the second line is); a
 * pretty-printed document starts with a lone `{` and continues with `"key": ...` lines.
 */
function firstLineIsJson(text: string): boolean {
  const lines = text.split('\n', 3).map((l) => l.trim());
  if (lines.length === 1) return true; // one line, or a first line longer than the head: JSON Lines
  const parses = (l: string): boolean => {
    try {
      JSON.parse(l);
      return true;
    } catch {
      return false;
    }
  };
  return parses(lines[0]) || (lines.length === 3 && lines[1].startsWith('{') && parses(lines[1]));
}

/**
 * A file that is one line holding an object with a list of records (`{"meta": ..., "results": [...]}`) is an
 * API page saved as it came (curl saves OpenAlex pages this way), not JSON Lines: read as JSON Lines, all its
 * papers were one skipped record.
 */
function isOneLineWrapper(text: string): boolean {
  const line = text.trimEnd();
  if (line.includes('\n')) return false;
  const scanner = new JsonRecordScanner();
  try {
    scanner.push(line);
  } catch {
    return false;
  }
  return scanner.wrapperKey !== undefined;
}

/** A header row with a delimiter and a column we would read as title or abstract. */
function looksLikeCsvHeader(line: string, fieldMap: Map<PaperField, string>): boolean {
  if (line.length > 10_000) return false;
  const delimiter = detectDelimiter(line);
  const columns = line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
  if (columns.length < 2) return false;
  const plan = new FieldMapper(fieldMap).plan(columns);
  return plan.fields.has('title') || plan.fields.has('abstract');
}
