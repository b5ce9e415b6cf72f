import { UserError } from '../errors.js';
import { REPORT_OPTIONS } from '../options/catalog.js';
import { resolveOptions, type OptionValues } from '../options/spec.js';
import { buildReport } from '../report/build.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import type { ReportFormat, ReportModel } from '../report/model.js';
import { checkOutPath, reportFormatFor, STDOUT, writeReportFile } from '../report/output.js';
import { readReportInputs } from '../report/read-inputs.js';
import type { AppContext } from './context.js';
import { themes } from './themes.js';

export type ReportStage = 'themes' | 'read' | 'neighbors' | 'map' | 'assemble' | 'render' | 'write';

export type ReportOptions = OptionValues<typeof REPORT_OPTIONS> & {
  onStage?: (stage: ReportStage) => void;
};

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

/** Checks the options and the output first, makes sure there are themes, reads, builds, renders, writes. */
export async function report(ctx: AppContext, options: ReportOptions = {}): Promise<ReportResult> {
  const o = resolveOptions(REPORT_OPTIONS, options);
  const onStage = options.onStage;
  const format = reportFormatFor(o.out ?? '', o.format);
  // Before any work: a report that cannot be written should not cost minutes first.
  const path = o.out !== undefined && o.out !== STDOUT ? checkOutPath(o.out, ctx.store.location) : undefined;

  const found = await ctx.store.read(async (index) => ({ papers: await index.countPapers(), themes: (await index.themes()) !== undefined }));
  if (found.papers === 0) throw new UserError(`index ${ctx.store.location} has no papers`, 'run paperscope ingest <files> first');
  const timings: Record<string, number> = {};
  const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(3));
  const notes: string[] = [];
  if (!found.themes) {
    onStage?.('themes');
    const started = performance.now();
    const overview = await themes(ctx);
    timings.themesSeconds = seconds(started);
    notes.push(`the index had no themes, so they were computed for this report (${overview.k} ${overview.k === 1 ? 'theme' : 'themes'}); they are now stored in the index`);
  }

  const inputs = await ctx.store.read((index) =>
    readReportInputs(index, { listedNeighbors: o.neighbors, maxPapers: o.maxPapers, seed: o.seed }, async (stage, fn) => {
      onStage?.(stage);
      const started = performance.now();
      try {
        return await fn();
      } finally {
        timings[`${stage}Seconds`] = seconds(started);
      }
    }),
  );
  const model = buildReport(inputs, {
    neighbors: o.neighbors,
    dupThreshold: o.dupThreshold,
    themesComputedForReport: !found.themes,
    seed: o.seed,
    map: format !== 'md', // the Markdown report has no map: laying one out is half the time at 35k papers
    onStage,
    timings,
  });
  model.meta.notes.unshift(...notes);

  const allTimings = { ...model.meta.timings };
  onStage?.('render');
  let started = performance.now();
  const content = format === 'html' ? renderHtml(model) : format === 'md' ? renderMarkdown(model) : renderJson(model);
  allTimings.renderSeconds = seconds(started);
  let written: ReportResult['written'];
  if (path) {
    onStage?.('write');
    started = performance.now();
    written = { path, bytes: writeReportFile(path, content) };
    allTimings.writeSeconds = seconds(started);
  }
  return { model, format, content, written, notes: model.meta.notes, timings: allTimings };
}
