import type { FormatName, Paper } from './paper.js';

export interface ParseOptions {
  /** Force a format instead of detecting it. */
  format?: FormatName;
  /** User overrides, paper field -> source column or key (`{ abstract: 'summary' }` from `--map abstract=summary`). */
  fieldMap?: Record<string, string>;
  /** Year for listing dates written without one (`May 6`); default: the current year. */
  listingYear?: number;
  /** A record without title or abstract is an error instead of a skip. */
  strict?: boolean;
  /** Bytes a gzipped file may expand to (default: see gunzipLimit in input.ts). */
  maxDecompressedBytes?: number;
}

/** A record that was left out, and why: shown to the user so nothing disappears silently. */
export interface SkippedRecord {
  file: string;
  line: number;
  reason: string;
}

export type ParseItem = { kind: 'paper'; paper: Paper } | { kind: 'skip'; skip: SkippedRecord };
