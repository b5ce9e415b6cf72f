/**
 * Finds the paper objects in a JSON document without parsing the document as a whole, so memory stays at
 * one record: the elements of a top-level array (`[{...}, {...}]`), of a list inside a wrapper object
 * (OpenAlex API pages `{"meta": ..., "results": [...]}`), or top-level objects one after another (`jq`
 * output). Each record's text is handed out with its starting line, to be parsed with JSON.parse.
 */

export interface ScannedRecord {
  text: string;
  line: number;
}

/** Keys of a wrapper object whose array holds the records. */
export const WRAPPER_KEYS = ['results', 'data', 'items', 'records', 'papers', 'works', 'entries', 'hits', 'rows', 'recommendedpapers'];
const WRAPPERS = new Set(WRAPPER_KEYS);
/** A record (or a top-level object kept in case it is one paper) larger than this is refused. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export class JsonScanProblem extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const NEWLINE = 10;

export class JsonRecordScanner {
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth of the array holding the records: 1 for a top-level array, 2 inside a wrapper object. */
  private recordsDepth: number | undefined;
  /** The record being collected, or the whole top-level object while it may still be a single paper. */
  private collecting: { parts: string[]; size: number; line: number; depth: number } | undefined;
  /** Start of the current string when it sits at depth 1 (a key of a top-level object), else -1. */
  private keyStart = -1;
  private lastKey = '';
  private keyBeforeColon = '';
  /** The wrapper key whose array holds the records, once one was found. */
  wrapperKey: string | undefined;

  /** Feeds one chunk; returns the records completed in it. */
  push(chunk: string): ScannedRecord[] {
    const done: ScannedRecord[] = [];
    let collectFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyStart >= 0) this.lastKey = chunk.slice(this.keyStart, i);
        }
        continue;
      }
      if (c === QUOTE) {
        this.notAPaper(chunk, i);
        this.inString = true;
        this.keyStart = this.depth === 1 ? i + 1 : -1;
        this.lastKey = '';
      } else if (c === COLON) {
        if (this.depth === 1) this.keyBeforeColon = this.lastKey;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
        if (this.depth === 1) {
          if (c === OPEN_BRACKET) this.recordsDepth = 1;
          else {
            this.collecting = { parts: [], size: 0, line: this.line, depth: 1 };
            collectFrom = i;
          }
        } else if (this.depth === 2 && c === OPEN_BRACKET && this.recordsDepth === undefined && WRAPPERS.has(this.keyBeforeColon.toLowerCase())) {
          // This wrapper holds the records: stop keeping the wrapper object itself.
          this.recordsDepth = 2;
          this.collecting = undefined;
          this.wrapperKey = this.keyBeforeColon;
        } else if (this.recordsDepth !== undefined && this.depth === this.recordsDepth + 1 && !this.collecting) {
          if (c === OPEN_BRACKET) throw new JsonScanProblem('found an array where a paper object was expected', this.line);
          this.collecting = { parts: [], size: 0, line: this.line, depth: this.depth };
          collectFrom = i;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.collecting && this.depth === this.collecting.depth) {
          this.collecting.parts.push(chunk.slice(collectFrom, i + 1));
          const { parts, line } = this.collecting;
          done.push({ text: parts.join(''), line });
          this.collecting = undefined;
        }
        if (c === CLOSE_BRACKET && this.depth === this.recordsDepth) this.recordsDepth = undefined;
        this.depth--;
        if (this.depth < 0) throw new JsonScanProblem(`unexpected '${chunk[i]}'`, this.line);
      } else if (c > 32 && c !== 44) {
        this.notAPaper(chunk, i); // a number or literal where records are
      }
    }
    if (this.collecting) {
      this.collecting.parts.push(chunk.slice(collectFrom));
      this.collecting.size += chunk.length - collectFrom;
      if (this.collecting.size > MAX_RECORD_CHARS) {
        throw new JsonScanProblem(`one JSON value is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB`, this.collecting.line);
      }
    }
    if (this.inString && this.keyStart >= 0) this.keyStart = -1; // a key split across chunks is not tracked
    return done;
  }

  /** Call at the end of the input: a document that is still open was cut off. */
  end(): void {
    if (this.depth > 0 || this.inString) {
      throw new JsonScanProblem('the file ends inside a JSON value (is it cut off?)', this.collecting?.line ?? this.line);
    }
  }

  /** Scalars directly inside the records' array, or at the top level, are not papers. */
  private notAPaper(chunk: string, i: number): void {
    if (this.collecting) return;
    // Semantic Scholar's batch endpoint answers `null` for each id it does not know: a gap, not a damaged file.
    if (this.depth === 1 && this.recordsDepth === 1 && 'nul'.includes(chunk[i])) return;
    if (this.depth === 0 || this.depth === this.recordsDepth) {
      const found = chunk[i] === '"' ? 'a string' : `'${chunk.slice(i, i + 10).split(/[\s,\]]/)[0]}'`;
      throw new JsonScanProblem(`found ${found} where a paper object was expected`, this.line);
    }
  }
}
