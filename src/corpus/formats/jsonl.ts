import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import { readLines } from '../lines.js';
import type { ParseItem } from '../types.js';

/**
 * JSON Lines: one object per line, streamed. A line that is not valid JSON (a file cut off, two lines run
 * together) is skipped with its line number and counted, like a record without an abstract: one bad line
 * must not cost the other 35,000 papers. `--strict` makes it an error.
 */
export async function* parseJsonLines(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  for await (const { text, line } of readLines(input.chunks(), input.file)) {
    const t = text.trim();
    if (t === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (err) {
      yield ctx.skip(line, `not valid JSON (${(err as Error).message.slice(0, 200)})`);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield ctx.skip(line, `expected a JSON object (one paper per line), found ${describe(value)}`);
      continue;
    }
    yield ctx.fromObject(value as Record<string, unknown>, line);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
