import { UserError } from '../errors.js';

export interface Line {
  text: string;
  /** 1-based line number. */
  line: number;
}

/** A line longer than this is a damaged or non-line-based file, not a record; refusing keeps memory bounded. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** Splits decoded text chunks into lines (`\n` or `\r\n`), holding at most one line in memory. */
export async function* readLines(chunks: AsyncIterable<string>, file: string): AsyncGenerator<Line> {
  // The pieces of a line that spans chunks, joined once at its end: appending to one string and searching
  // it made V8 copy the whole line again for every chunk (a 50 MB line took seconds).
  let pending: string[] = [];
  let pendingChars = 0;
  let line = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      let text = chunk.slice(start, nl);
      if (pending.length) {
        pending.push(text);
        text = pending.join('');
        pending = [];
        pendingChars = 0;
      }
      line++;
      yield { text: text.endsWith('\r') ? text.slice(0, -1) : text, line };
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending.push(start === 0 ? chunk : chunk.slice(start));
      pendingChars += chunk.length - start;
    }
    if (pendingChars > MAX_LINE_CHARS) {
      throw new UserError(
        `${file}:${line + 1}: the line is longer than ${MAX_LINE_CHARS / 1024 / 1024} MB.`,
        'This is not a line-based file paperscope can read; check that it is the file you meant.',
      );
    }
  }
  if (pending.length) {
    const text = pending.join('');
    line++;
    yield { text: text.endsWith('\r') ? text.slice(0, -1) : text, line };
  }
}
