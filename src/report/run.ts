import type { Paperscope } from '../api.js';
import { UserError } from '../errors.js';
import { readThemes } from '../store/themes.js';
import { buildReport } from './build.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { ReportFormat, ReportModel } from './model.js';
import { checkOutPath, reportFormatFor, STDOUT, writeReportFile } from './output.js';

export const DEFAULT_NEIGHBORS = 5;
export const MAX_NEIGHBORS = 50;
export const DEFAULT_DUP_THRESHOLD = 0.95;

export type ReportStage = 'themes' | 'read' | 'neighbors' | 'map' | 'assemble' | 'render' | 'write';

export interface ReportCallOptions {
  /** File to write (atomically). Omitted or `-`: nothing is written; the content is returned. */
  out?: string;
  /** Default: from the extension of `out`, else html. */
  format?: ReportFormat;
  /** Nearest papers listed per paper (default 5). */
  neighbors?: number;
  /** Pairs at least this similar are near-duplicates (default 0.95). */
  dupThreshold?: number;
  /** Seed of the map layout (same index + seed = same map). */
  seed?: number;
  onStage?: (stage: ReportStage) => void;
}

export interface ReportResult {
  model: ReportModel;
  format: ReportFormat;
  content: string;
  /** Set when the report was written to a file. */
  written?: { path: string; bytes: number };
  /** What the reader should know (also in model.meta.notes). */
  notes: string[];
  /** Seconds per stage: the model's own timings plus rendering and writing. */
  timings: Record<string, number>;
}

/** `Paperscope.report`: checks the options and the output first, makes sure there are themes, builds, renders, writes. */
export async function runReport(ps: Paperscope, o: ReportCallOptions = {}): Promise<ReportResult> {
  const neighbors = o.neighbors ?? DEFAULT_NEIGHBORS;
  const dupThreshold = o.dupThreshold ?? DEFAULT_DUP_THRESHOLD;
  if (!Number.isInteger(neighbors) || neighbors < 1 || neighbors > MAX_NEIGHBORS) {
    throw new UserError(`--neighbors must be a whole number from 1 to ${MAX_NEIGHBORS} (got ${neighbors})`);
  }
  if (!Number.isFinite(dupThreshold) || dupThreshold < 0 || dupThreshold > 1) {
    throw new UserError(`--dup-threshold must be a number between 0 and 1 (got ${dupThreshold})`);
  }
  const format = reportFormatFor(o.out ?? '', o.format);
  // Before any work: a report that cannot be written should not cost minutes first.
  const path = o.out !== undefined && o.out !== STDOUT ? checkOutPath(o.out, ps.dir) : undefined;

  const reader = ps.openReader();
  if (reader.countPapers() === 0) throw new UserError(`index ${reader.dir} has no papers`, 'run paperscope ingest <files> first');
  const notes: string[] = [];
  const themesFound = reader.snapshot(() => readThemes(reader) !== undefined);
  let themesSeconds: number | undefined;
  if (!themesFound) {
    o.onStage?.('themes');
    const started = performance.now();
    const overview = await ps.themes(); // async since themes() lazy-loads the clustering code
    themesSeconds = (performance.now() - started) / 1000;
    notes.push(`the index had no themes, so they were computed for this report (${overview.k} ${overview.k === 1 ? 'theme' : 'themes'}); they are now stored in the index`);
  }

  const model = buildReport(ps.openReader(), {
    neighbors,
    dupThreshold,
    themesComputedForReport: !themesFound,
    seed: o.seed,
    map: format !== 'md', // the Markdown report has no map: laying one out is half the time at 35k papers
    onStage: o.onStage,
  });
  model.meta.notes.unshift(...notes);
  if (themesSeconds !== undefined) model.meta.timings.themesSeconds = Number(themesSeconds.toFixed(3));

  const timings = { ...model.meta.timings };
  const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(3));
  o.onStage?.('render');
  let started = performance.now();
  const content = format === 'html' ? renderHtml(model) : format === 'md' ? renderMarkdown(model) : renderJson(model);
  timings.renderSeconds = seconds(started);
  let written: ReportResult['written'];
  if (path) {
    o.onStage?.('write');
    started = performance.now();
    written = { path, bytes: writeReportFile(path, content) };
    timings.writeSeconds = seconds(started);
  }
  return { model, format, content, written, notes: model.meta.notes, timings };
}
