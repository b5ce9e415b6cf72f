import * as bibtex from '@retorquere/bibtex-parser';
import { UserError } from '../../errors.js';
import type { FileContext } from '../context.js';
import { takeFields } from '../bibtex-fields.js';
import { parseYear } from '../dates.js';
import { arxivIdFromField, arxivIdFromText } from '../ids.js';
import type { InputFile } from '../input.js';
import { readLines } from '../lines.js';
import type { RawRecord } from '../record.js';
import type { ParseItem } from '../types.js';

/**
 * BibTeX as Zotero, Mendeley, JabRef and Google Scholar export it. The file is cut into entries at lines
 * starting with `@type{` and each entry is parsed on its own: memory stays at one entry, a broken entry
 * costs only itself, and every entry knows its line. `@string` definitions carry over to later entries.
 */

const ENTRY_START = /^\s*@\s*[A-Za-z]+\s*[{(]/;
const NON_ENTRIES = new Set(['comment', 'string', 'preamble']);
/** An entry larger than this is a file where braces never close; refusing keeps memory bounded. */
const MAX_ENTRY_CHARS = 16 * 1024 * 1024;

const OPTIONS: bibtex.Options = {
  english: false, // no sentence-casing: titles stay as the authors wrote them
  caseProtection: false,
  sentenceCase: false,
  unsupported: 'ignore',
  // Title and abstract are taken out before parsing (bibtex-fields.ts); should one stay (a `#` concatenation),
  // it comes back as written. cleanText turns their LaTeX into text the same way for every format, so the
  // same paper reads (and hashes) the same from BibTeX and from JSON.
  fieldMode: { title: 'verbatim', abstract: 'verbatim' },
};

export async function* parseBibtex(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  const strings: Record<string, string> = {};
  let entry: string[] = [];
  let size = 0;
  let startLine = 0;
  for await (const { text, line } of readLines(input.chunks(), input.file)) {
    if (ENTRY_START.test(text)) {
      if (entry.length) yield* parseEntry(entry.join('\n'), startLine, strings, ctx);
      entry = [];
      size = 0;
      startLine = line;
    }
    if (startLine === 0) continue; // text before the first entry is a comment in BibTeX
    entry.push(text);
    size += text.length + 1;
    if (size > MAX_ENTRY_CHARS) {
      throw new UserError(
        `${input.file}:${startLine}: this BibTeX entry runs on for more than ${MAX_ENTRY_CHARS / 1024 / 1024} MB.`,
        'A brace is probably never closed in that entry; fix it and run again.',
      );
    }
  }
  if (entry.length) yield* parseEntry(entry.join('\n'), startLine, strings, ctx);
}

/** Fields taken out before the library sees the entry (see bibtex-fields.ts). */
const RAW_FIELDS = new Set(['title', 'abstract']);

function* parseEntry(text: string, line: number, strings: Record<string, string>, ctx: FileContext): Generator<ParseItem> {
  const { rest, values } = takeFields(text, RAW_FIELDS);
  let library: bibtex.Library;
  try {
    library = bibtex.parse(rest, { ...OPTIONS, strings: { ...strings } });
  } catch (err) {
    yield ctx.skip(line, `BibTeX entry could not be read (${(err as Error).message})`);
    return;
  }
  Object.assign(strings, library.strings);
  const entries = library.entries.filter((e) => !NON_ENTRIES.has(e.type.toLowerCase()));
  if (library.errors.length) {
    const message = library.errors[0].error.replace(/\s+/g, ' ').slice(0, 200);
    yield ctx.skip(line, `BibTeX entry could not be read (${message})`);
    return;
  }
  for (const [n, entry] of entries.entries()) {
    // The taken fields belong to the chunk's first entry (a second one on the same line keeps its own).
    const rec = toRecord(entry, n === 0 ? values : new Map());
    yield ctx.item(rec, line, (missing) => explainMissing(entry.key, missing));
  }
}

function explainMissing(key: string, missing: string): string {
  const what = `BibTeX entry '${key}' has ${missing}`;
  return missing === 'no title' ? what : `${what} (Google Scholar exports never include abstracts; export from Zotero, or add an abstract field)`;
}

type Fields = bibtex.Entry['fields'];

function toRecord(entry: bibtex.Entry, taken: Map<string, string>): RawRecord {
  const f = entry.fields as Record<string, unknown> & Fields;
  const str = (name: string): string | undefined => (typeof f[name] === 'string' && (f[name] as string).trim() !== '' ? (f[name] as string) : undefined);
  const rec: RawRecord = {
    title: taken.get('title') ?? str('title'),
    abstract: taken.get('abstract') ?? str('abstract'),
    authors: (f.author ?? []).map(creatorName).filter(Boolean),
    keywords: f.keywords,
    doi: str('doi'),
    url: str('url'),
  };
  if (rec.authors?.length === 0 && f.editor) rec.authors = f.editor.map(creatorName).filter(Boolean);
  // BibTeX's `and others` arrives as a creator named "others".
  if (rec.authors?.some((a) => a.toLowerCase() === 'others')) {
    rec.authors = rec.authors.filter((a) => a.toLowerCase() !== 'others');
    rec.authorsTruncated = true;
  }
  rec.year = parseYear(str('year') ?? str('date') ?? '');
  const month = Number(str('month'));
  rec.date = str('date') ?? (rec.year && month >= 1 && month <= 12 ? `${rec.year}-${String(month).padStart(2, '0')}` : undefined);

  const eprint = str('eprint');
  const prefix = (str('archiveprefix') ?? str('eprinttype') ?? '').toLowerCase();
  rec.arxivId =
    (eprint && (prefix === '' || prefix === 'arxiv') ? arxivIdFromField(eprint) : undefined) ??
    firstArxiv([str('url'), str('doi'), str('journal'), str('note'), str('howpublished'), str('eprint')]);

  const used = new Set(['title', 'abstract', 'author', 'keywords', 'doi', 'url', 'year', 'date', 'month']);
  // The citation key is a name the user knows the paper by: `similar vaswani_attention_2017` finds it.
  if (entry.key) rec.aliases = [entry.key];
  const extra: Record<string, unknown> = { bibtexType: entry.type };
  for (const [name, value] of Object.entries(f)) {
    if (used.has(name) || value === undefined) continue;
    // The parser's Unicode can be decomposed (`u` + combining diaeresis); composed text compares and prints better.
    const text = (v: unknown): unknown => (typeof v === 'string' ? v.normalize('NFC') : v);
    extra[name] = Array.isArray(value)
      ? value.map((v) => text(typeof v === 'string' ? v : creatorName(v as bibtex.Creator)))
      : text(value);
  }
  rec.extra = extra;
  return rec;
}

function firstArxiv(texts: (string | undefined)[]): string | undefined {
  for (const t of texts) {
    const id = t ? arxivIdFromText(t) : undefined;
    if (id) return id;
  }
  return undefined;
}

/** `{lastName: 'Fontaine', firstName: 'Jean', prefix: 'de la'}` -> `Jean de la Fontaine`. */
function creatorName(c: bibtex.Creator): string {
  if (c.name) return c.name;
  const parts = [c.firstName, c.prefix, c.lastName].filter((p): p is string => !!p && p.trim() !== '');
  const name = parts.join(' ');
  return c.suffix ? `${name} ${c.suffix}` : name;
}
