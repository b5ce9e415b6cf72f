import { CsvError, parse, type Parser } from 'csv-parse';
import { Readable } from 'node:stream';
import { UserError } from '../../errors.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import type { ParseItem } from '../types.js';

/** CSV and TSV with a header row, streamed through csv-parse; columns are mapped like JSON keys. */

const DELIMITERS = [',', '\t', ';', '|'];
/** One record may not exceed this; an unclosed quote would otherwise swallow the rest of the file. */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;
/**
 * Nor may it have more fields than this: max_record_size counts characters only, so a line of 50 million
 * commas became an array of 50 million empty fields (gigabytes, half a minute).
 */
const MAX_FIELDS = 100_000;

/** The delimiter that occurs most often outside quotes in the header line. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [d, n] of counts) {
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export function firstLine(head: string): string {
  const nl = head.search(/\r?\n/);
  return nl === -1 ? head : head.slice(0, nl);
}

export async function* parseCsv(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  const delimiter = ctx.format === 'tsv' ? '\t' : detectDelimiter(firstLine(input.head));
  const parser = parse({
    delimiter,
    columns: (header: string[]) => checkHeader(header.map((h) => h.trim()), ctx),
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const source = Readable.from(limitFields(input.chunks(), parser, input.file));
  // pipe() does not pass on the source's errors (a damaged gzip file): without this the error went unhandled
  // and killed the process, and the parser waited forever.
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let lastLine = 1; // the header
  let emptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; empty_lines: number } }>) {
      const start = lastLine + 1 + (info.empty_lines - emptyLines);
      lastLine = info.lines;
      emptyLines = info.empty_lines;
      yield ctx.fromObject(withoutEmpty(record), start);
    }
  } catch (err) {
    if (err instanceof CsvError) {
      // The line where the unreadable record starts: csv-parse names the line it stopped at, which for a quote
      // that never closes is the end of the file (or 32 MB later), far from the quote to fix.
      const line = lastLine + 1;
      throw new UserError(
        `${input.file}:${line}: this CSV cannot be read (${err.message}).`,
        'Check the quotes around that line: a field with commas, quotes or line breaks must be in double quotes, with inner quotes doubled ("").',
      );
    }
    throw err;
  } finally {
    // pipe() does not close its source: destroy both so stopping early (a limit) closes the file.
    parser.destroy();
    source.destroy();
  }
}

/** Stops a record that keeps growing in fields (checked between chunks, so it overshoots by at most a few). */
async function* limitFields(chunks: AsyncIterable<string>, parser: Parser, file: string): AsyncGenerator<string> {
  // csv-parse keeps the record being read in `state` (public for backward compatibility, not in its types).
  const state = (parser as unknown as { state?: { record?: unknown[] } }).state;
  for await (const chunk of chunks) {
    if ((state?.record?.length ?? 0) > MAX_FIELDS) {
      throw new UserError(
        `${file}:${parser.info.lines}: a CSV record has more than ${MAX_FIELDS.toLocaleString('en')} fields.`,
        'This is not a table of papers paperscope can read; check that it is the file you meant.',
      );
    }
    yield chunk;
  }
}

/** Empty cells are absent values, so an empty abstract cell reads as a missing abstract. */
function withoutEmpty(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

/** The header must let us find titles and abstracts; say which columns exist when it does not. */
function checkHeader(columns: string[], ctx: FileContext): string[] {
  // Shown to the user: keep it readable even when the "header" is really a huge line of data.
  const names = columns.slice(0, 40).map((c) => (c === '' ? '(empty)' : c.length > 60 ? `${c.slice(0, 57)}...` : c));
  const list = names.join(', ') + (columns.length > 40 ? `, ... (${columns.length} columns)` : '');
  const missingMap = ctx.mapper.missingOverrides(columns);
  if (missingMap.length) {
    throw new UserError(
      `${ctx.file}: no column named ${missingMap.map((c) => `'${c}'`).join(', ')} (from --map). Columns found: ${list}.`,
      'Use one of these column names in --map field=<column>.',
    );
  }
  const plan = ctx.mapper.plan(columns);
  for (const field of ['abstract', 'title'] as const) {
    if (!plan.fields.has(field)) {
      throw new UserError(
        `${ctx.file}: no ${field} column found. Columns found: ${list}.`,
        `Tell paperscope which column holds the ${field}s with --map ${field}=<column>.`,
      );
    }
  }
  return columns;
}
