import { UserError } from '../../errors.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import { JsonRecordScanner, JsonScanProblem, type ScannedRecord } from '../json-scanner.js';
import { describe } from './jsonl.js';
import type { ParseItem } from '../types.js';

/**
 * JSON documents: an array of paper objects, an object wrapping such an array (`results`, `papers`...),
 * or pretty-printed objects one after another. Streamed record by record (see json-scanner.ts).
 */
export async function* parseJsonDocument(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  const scanner = new JsonRecordScanner();
  try {
    for await (const chunk of input.chunks()) {
      for (const record of scanner.push(chunk)) yield recordItem(record, ctx);
    }
    scanner.end();
  } catch (err) {
    if (err instanceof JsonScanProblem) {
      throw new UserError(`${input.file}:${err.line}: ${err.message}.`, JSON_HINT);
    }
    throw err;
  }
}

const JSON_HINT =
  'paperscope reads a JSON array of paper objects, an object holding such an array (under results, papers, data...), or JSON Lines with one object per line.';

function recordItem(record: ScannedRecord, ctx: FileContext): ParseItem {
  let value: unknown;
  try {
    value = JSON.parse(record.text);
  } catch (err) {
    // The record's bounds were found, so the rest of the file still reads: skip it, as JSON Lines does.
    return ctx.skip(errorLine(record, err), `not valid JSON (${(err as Error).message.slice(0, 200)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${ctx.file}:${record.line}: expected a paper object, found ${describe(value)}.`, JSON_HINT);
  }
  return ctx.fromObject(value as Record<string, unknown>, record.line);
}

/** The line of a JSON.parse error inside a record, from the `position N` V8 reports. */
function errorLine(record: ScannedRecord, err: unknown): number {
  const m = /position (\d+)/.exec((err as Error).message);
  if (!m) return record.line;
  const before = record.text.slice(0, Number(m[1]));
  let newlines = 0;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) newlines++;
  return record.line + newlines;
}
