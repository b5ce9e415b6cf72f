import { UserError } from '../../errors.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import { JsonRecordScanner, JsonScanProblem, WRAPPER_KEYS, type ScannedRecord } from '../json-scanner.js';
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
    throw new UserError(
      `${ctx.file}:${errorLine(record, err)}: not valid JSON (${(err as Error).message}).`,
      'Fix the JSON at that line; a validator such as `jq . <file>` points at the problem.',
    );
  }
  const obj = value as Record<string, unknown>;
  const item = ctx.fromObject(obj, record.line);
  if (item.kind === 'skip' && record.topLevel) {
    // A top-level object with no paper fields is more likely a wrapper whose list we did not recognise.
    const lists = Object.keys(obj).filter((k) => Array.isArray(obj[k]));
    if (lists.length) {
      item.skip.reason += `; if its list '${lists[0]}' holds the papers, paperscope only looks inside ${WRAPPER_KEYS.join(', ')}`;
    }
  }
  return item;
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
