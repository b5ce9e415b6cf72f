import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { UserError } from '../../errors.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import type { ParseItem } from '../types.js';

/** CSV and TSV with a header row, streamed through csv-parse; columns are mapped like JSON keys. */

const DELIMITERS = [',', '\t', ';', '|'];
/** One record may not exceed this; an unclosed quote would otherwise swallow the rest of the file. */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;

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
  const source = Readable.from(input.chunks());
  const parser = source.pipe(
    parse({
      delimiter,
      columns: (header: string[]) => checkHeader(header.map((h) => h.trim()), ctx),
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: MAX_RECORD_CHARS,
    }),
  );
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
      const line = (err as CsvError & { lines?: number }).lines ?? lastLine + 1;
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
