/** Similarity reports: build the model from an index, render it as HTML, Markdown or JSON. */
export { runReport, DEFAULT_DUP_THRESHOLD, DEFAULT_NEIGHBORS, MAX_NEIGHBORS, type ReportCallOptions, type ReportResult, type ReportStage } from './run.js';
export { buildReport, type BuildOptions } from './build.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderJson } from './json.js';
export { DEFAULT_REPORT_OUT, reportFormatFor } from './output.js';
export type { ReportModel, ReportMeta, ReportPaper, ReportTheme, DuplicatePair, PaperNeighbor, ReportFormat } from './model.js';
