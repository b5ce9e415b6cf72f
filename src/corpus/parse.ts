import { isUserError, UserError } from '../errors.js';
import { FileContext } from './context.js';
import { detectWith, FORMATS } from './detect.js';
import { resolveFieldMap } from './fields.js';
import { parseBibtex } from './formats/bibtex.js';
import { parseCsv } from './formats/csv.js';
import { parseJsonDocument } from './formats/json.js';
import { parseJsonLines } from './formats/jsonl.js';
import { parseListing } from './formats/listing.js';
import { parseArxivAtom } from './formats/arxiv-atom.js';
import { parseMedline } from './formats/medline.js';
import { parsePubmedXml } from './formats/pubmed-xml.js';
import { parseRis } from './formats/ris.js';
import { openInput, type InputFile } from './input.js';
import type { FormatName } from './paper.js';
import type { ParseItem, ParseOptions } from './types.js';

type FormatParser = (input: InputFile, ctx: FileContext) => AsyncGenerator<ParseItem>;

const PARSERS: Record<FormatName, FormatParser> = {
  listing: parseListing,
  jsonl: parseJsonLines,
  json: parseJsonDocument,
  csv: parseCsv,
  tsv: parseCsv,
  bibtex: parseBibtex,
  ris: parseRis,
  medline: parseMedline,
  'pubmed-xml': parsePubmedXml,
  'arxiv-atom': parseArxivAtom,
};

export interface OpenedFile {
  format: FormatName;
  items: AsyncGenerator<ParseItem>;
}

/** Opens a file (plain or gzipped), checks it and detects its format; the items are read lazily. */
export async function openFile(file: string, opts: ParseOptions = {}): Promise<OpenedFile> {
  if (opts.format !== undefined && !FORMATS.includes(opts.format)) {
    throw new UserError(`Unknown format '${String(opts.format)}'.`, `Formats: ${FORMATS.join(', ')}.`);
  }
  const fieldMap = resolveFieldMap(opts.fieldMap);
  const input = await openInput(file, opts.maxDecompressedBytes);
  const format = opts.format ?? detectWith(file, input.head, fieldMap);
  const ctx = new FileContext(file, format, opts, fieldMap);
  return { format, items: guarded(PARSERS[format](input, ctx), ctx) };
}

/** Streams the papers (and skipped records) of one file. Memory does not grow with the file. */
export async function* parseFile(file: string, opts: ParseOptions = {}): AsyncGenerator<ParseItem> {
  const { items } = await openFile(file, opts);
  yield* items;
}

/**
 * Whatever malformed input does inside a parser must reach the user as a UserError naming the file;
 * anything else escaping from here would be a bug in paperscope, and keeps its stack. A JSON file with
 * records but no paper in them ends with a UserError that names the keys they have.
 */
async function* guarded(items: AsyncGenerator<ParseItem>, ctx: FileContext): AsyncGenerator<ParseItem> {
  const { file } = ctx;
  try {
    yield* items;
    // Read to the end and not one paper: say what the records hold instead of "0 papers".
    const problem = ctx.noPaperFields();
    if (problem) throw problem;
  } catch (err) {
    if (isUserError(err)) throw err;
    if (err instanceof RangeError && /string length|memory/i.test(err.message)) {
      throw new UserError(`${file} holds a record too large to read (${err.message}).`, 'Split the file or check that it is the file you meant.');
    }
    throw err;
  }
}
