import type { SearchHit } from '../search/results.js';
import type { Terminal } from './terminal.js';

/** Results go to stdout; everything about progress and warnings goes to stderr. */
export interface Printer {
  out(line?: string): void;
  warn(line: string): void;
  json(value: unknown): void;
  /** Width for lines of results. */
  readonly width: number;
}

export function printer(term: Terminal): Printer {
  return {
    out: (line = '') => term.stdout(`${line}\n`),
    warn: (line) => term.stderr(`${line}\n`),
    json: (value) => term.stdout(`${JSON.stringify(value, null, 2)}\n`),
    width: Math.max(60, Math.min(term.columns || 100, 120)),
  };
}

/** "A, B, C et al." — also when the source itself listed only the first authors (`truncated`). */
export function authorLine(authors: string[], truncated = false, max = 3): string {
  if (authors.length === 0) return 'unknown authors';
  return authors.length > max || truncated ? `${authors.slice(0, max).join(', ')} et al.` : authors.join(', ');
}

export function isTruncated(extra: Record<string, unknown> | undefined): boolean {
  return extra?.authorsTruncated === true;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A ranked list a person can scan: rank and score, title and year, who and which id, why it matched. */
export function printHits({ out, width: w }: Printer, hits: SearchHit[], scoreLabel: string): void {
  for (const h of hits) {
    const year = h.year ? ` (${h.year})` : '';
    out(`${String(h.rank).padStart(3)}. ${h.score.toFixed(4)}  ${truncate(h.title, w - 16 - year.length)}${year}`);
    const theme = h.theme ? (h.theme.subtheme ? ` · theme ${h.theme.subtheme.id}: ${h.theme.subtheme.label}` : ` · theme ${h.theme.id}: ${h.theme.label}`) : '';
    const cats = h.categories.length ? ` · ${h.categories.slice(0, 3).join(' ')}` : '';
    out(`      ${truncate(`${authorLine(h.authors, isTruncated(h.paper.extra))} · ${h.id}${cats}${theme}`, w - 6)}`);
    out(`      ${truncate(h.snippet, w - 6)}`);
  }
  if (hits.length === 0) out('no results');
  else out(`\nscore: ${scoreLabel}`);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
