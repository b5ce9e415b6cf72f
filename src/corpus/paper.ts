/** The input formats paperscope reads (`--format` takes these names). `.gz` is a wrapper around any of them, not a format. */
export const FORMATS = ['listing', 'jsonl', 'json', 'csv', 'tsv', 'bibtex', 'ris', 'medline', 'pubmed-xml', 'arxiv-atom'] as const;
export type FormatName = (typeof FORMATS)[number];

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
  /** arXiv id (no version) when known, else DOI (lower-cased), else `pmid:` + PubMed id, else `h:` + a hash of title and abstract. */
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
  /** As the source wrote it (DOIs compare case-insensitively: see doiKey). */
  doi?: string;
  arxivId?: string;
  /** PubMed id. */
  pmid?: string;
  /**
   * Other names the paper goes by, as the sources wrote them: a source's own id (a JSON Lines `id`, a BibTeX
   * key, a Semantic Scholar paperId) and any arXiv id or DOI beyond the ones above. `similar` and `remove` take them.
   */
  aliases?: string[];
  hasCode?: boolean;
  /** A score the source attached to the paper (the listing format has one). */
  score?: number;
  /** Fields the source had that have no place above, kept as they were. */
  extra?: Record<string, unknown>;
  /** Where the kept abstract was read. */
  source: SourceRef;
  /** Every record this paper was read from, in file and line order (provenance of a merged paper). */
  sources: SourceRef[];
}
