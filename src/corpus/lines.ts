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
  let buffer = '';
  let line = 0;
  for await (const chunk of chunks) {
    // Only the new chunk can hold the next newline: searching from there keeps long lines linear.
    const searchFrom = buffer.length;
    buffer += chunk;
    let start = 0;
    for (;;) {
      const nl = buffer.indexOf('\n', Math.max(start, searchFrom));
      if (nl === -1) break;
      line++;
      const end = nl > start && buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: buffer.slice(start, end), line };
      start = nl + 1;
    }
    buffer = start === 0 ? buffer : buffer.slice(start);
    if (buffer.length > MAX_LINE_CHARS) {
      throw new UserError(
        `${file}:${line + 1}: the line is longer than ${MAX_LINE_CHARS / 1024 / 1024} MB.`,
        'This is not a line-based file paperscope can read; check that it is the file you meant.',
      );
    }
  }
  if (buffer.length > 0) {
    line++;
    yield { text: buffer.endsWith('\r') ? buffer.slice(0, -1) : buffer, line };
  }
}
