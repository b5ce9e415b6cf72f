import { UserError } from '../../errors.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import { readLines } from '../lines.js';
import type { ParseItem } from '../types.js';

/**
 * JSON Lines: one object per line, streamed. A line that is not valid JSON stops the run with its line
 * number: it means the file is damaged (cut off, concatenated badly), and silently dropping papers from a
 * damaged file would hide that.
 */
export async function* parseJsonLines(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  for await (const { text, line } of readLines(input.chunks(), input.file)) {
    const t = text.trim();
    if (t === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (err) {
      throw new UserError(
        `${input.file}:${line}: not valid JSON (${(err as Error).message}).`,
        `Every line of a JSON Lines file must be one complete JSON object; fix or delete line ${line}.`,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError(
        `${input.file}:${line}: expected a JSON object (one paper per line), found ${describe(value)}.`,
        'Each line of a JSON Lines file must be an object such as {"title": ..., "abstract": ...}.',
      );
    }
    yield ctx.fromObject(value as Record<string, unknown>, line);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
