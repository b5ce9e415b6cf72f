/** The input formats paperscope reads. `.gz` is a wrapper around any of them, not a format. */
export type FormatName = 'listing' | 'jsonl' | 'json' | 'csv' | 'tsv' | 'bibtex';

/** Where a record came from: the file as the user named it and the 1-based line its record starts on. */
export interface SourceRef {
  file: string;
  line: number;
  format: FormatName;
}

/**
 * One paper as every later stage sees it. Text fields hold display text (whitespace collapsed, simple
 * LaTeX made readable); when cleanup changed them, the original is kept in `titleRaw`/`abstractRaw`.
 */
export interface Paper {
  /** arXiv id (no version) when known, else DOI (lower-cased), else `h:` + a hash of title and abstract. */
  id: string;
  title: string;
  abstract: string;
  titleRaw?: string;
  abstractRaw?: string;
  authors: string[];
  orgs?: string[];
  categories?: string[];
  /** ISO date `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when that is all the source says). */
  date?: string;
  /** The date exactly as the source wrote it. */
  dateRaw?: string;
  year?: number;
  url?: string;
  doi?: string;
  arxivId?: string;
  hasCode?: boolean;
  /** A score the source attached to the paper (the listing format has one). */
  score?: number;
  /** Fields the source had that have no place above, kept as they were. */
  extra?: Record<string, unknown>;
  source: SourceRef;
}
