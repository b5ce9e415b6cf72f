import { UserError } from '../errors.js';
import { Deduper } from './dedupe.js';
import { mergePapers } from './merge.js';
import type { FormatName, Paper } from './paper.js';
import { openFile } from './parse.js';
import type { ParseOptions, SkippedRecord } from './types.js';

export interface FileSummary {
  file: string;
  format: FormatName;
  /** Papers read from this file, duplicates included. */
  papers: number;
  skipped: number;
}

export interface CorpusSummary {
  /** Distinct papers, duplicates merged into the first occurrence, in reading order. */
  papers: Paper[];
  /** Papers read per format, duplicates included. */
  formats: Partial<Record<FormatName, number>>;
  files: FileSummary[];
  /** The first skipped records (at most MAX_SKIPS_KEPT); `skippedCount` has the total. */
  skipped: SkippedRecord[];
  skippedCount: number;
  /** Papers that were the same as an earlier one and were merged into it. */
  duplicates: number;
  /** Reading stopped because `limit` distinct papers were read (there may have been no more). */
  limitReached: boolean;
}

/** A file full of bad records must not fill memory with skip notes. */
export const MAX_SKIPS_KEPT = 1000;

/** Reads files completely (for `parse`): merges duplicates, counts formats and skips, stops at `limit`. */
export async function readCorpus(files: string[], opts: ParseOptions & { limit?: number } = {}): Promise<CorpusSummary> {
  const { limit } = opts;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new UserError(`--limit ${limit}: expected a whole number of papers, 0 or more.`);
  }
  const summary: CorpusSummary = { papers: [], formats: {}, files: [], skipped: [], skippedCount: 0, duplicates: 0, limitReached: false };
  const byId = new Map<string, Paper>();
  const deduper = new Deduper();
  for (const file of files) {
    if (limit !== undefined && byId.size >= limit) {
      summary.limitReached = true;
      break;
    }
    const { format, items } = await openFile(file, opts);
    const fileSummary: FileSummary = { file, format, papers: 0, skipped: 0 };
    summary.files.push(fileSummary);
    for await (const item of items) {
      if (item.kind === 'skip') {
        fileSummary.skipped++;
        summary.skippedCount++;
        if (summary.skipped.length < MAX_SKIPS_KEPT) summary.skipped.push(item.skip);
        continue;
      }
      const { paper } = item;
      fileSummary.papers++;
      summary.formats[format] = (summary.formats[format] ?? 0) + 1;
      const earlier = deduper.record(paper);
      if (earlier !== undefined) {
        const first = byId.get(earlier);
        if (first) byId.set(earlier, mergePapers(first, paper));
        continue;
      }
      byId.set(paper.id, paper);
      if (limit !== undefined && byId.size >= limit) {
        summary.limitReached = true;
        break; // leaving the loop closes the file
      }
    }
  }
  summary.papers = [...byId.values()];
  summary.duplicates = deduper.duplicates;
  return summary;
}
