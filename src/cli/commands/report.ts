import type { ReportResult, ReportStage } from '../../api.js';
import type { OptionValues } from '../../options/spec.js';
import { DEFAULT_REPORT_OUT, STDOUT } from '../../report/output.js';
import { UsageError } from '../usage-error.js';
import type { REPORT_COMMAND } from '../command-options.js';
import { formatBytes, printer, type Printer } from '../format.js';
import { indexFor } from '../open.js';
import type { Terminal } from '../terminal.js';

const STAGES: Record<ReportStage, string> = {
  themes: 'computing themes (the index has none yet)',
  read: 'reading papers and vectors',
  neighbors: 'finding each paper\'s nearest neighbours',
  map: 'laying out the map',
  assemble: 'assembling the report',
  render: 'rendering',
  write: 'writing',
};

export async function reportCommand(_: undefined, { out = DEFAULT_REPORT_OUT, format, neighbors, dupThreshold, maxPapers, seed, json, ...values }: OptionValues<typeof REPORT_COMMAND>, term: Terminal): Promise<void> {
  if (json && out === STDOUT) throw new UsageError('--json prints a summary of the report written; with --out - the report itself goes to stdout (use --format json for the report as JSON)');
  const p = printer(term);
  const index = indexFor(values, term);
  const started = performance.now();
  // Progress only for a person watching; scripts reading stderr get just the notes.
  const onStage = term.progressStream ? (stage: ReportStage) => p.warn(`paperscope: ${STAGES[stage]}…`) : undefined;
  try {
    const result = await index.report({ out, format, neighbors, dupThreshold, maxPapers, seed, onStage });
    for (const note of result.notes) p.warn(`note: ${note}`);
    if (!result.written) {
      term.stdout(result.content);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    if (json) p.json(summaryOf(result, seconds));
    else printWritten(p, result, seconds);
  } finally {
    await index.close();
  }
}

/** What `report --json` prints: where the report went and what is in it; the report itself is in the file. */
function summaryOf(result: ReportResult, seconds: number) {
  const m = result.model.meta;
  return {
    path: result.written!.path,
    format: result.format,
    bytes: result.written!.bytes,
    seconds: Number(seconds.toFixed(3)),
    counts: m.counts,
    neighbors: m.neighbors,
    duplicates: m.duplicates,
    projection: m.projection,
    themes: m.themes,
    notes: result.notes,
    timings: result.timings,
  };
}

function printWritten({ out }: Printer, result: ReportResult, seconds: number): void {
  const m = result.model.meta;
  out(`wrote ${result.written!.path} (${result.format}, ${formatBytes(result.written!.bytes)}) in ${seconds.toFixed(1)} s`);
  out(`  ${count(m.counts.papers, 'paper')}, ${count(m.counts.themes, 'theme')}, ${count(m.counts.duplicatePairs, 'near-duplicate pair')} (similarity >= ${m.duplicates.threshold})`);
  const map = m.projection.method === 'none' ? '' : `map: ${m.projection.method.toUpperCase()} (${m.projection.reason}); `;
  out(`  ${map}neighbours: ${m.neighbors.k} per paper via ${m.neighbors.method}${m.neighbors.threads > 1 ? ` (${m.neighbors.threads} threads)` : ''}`);
  const t = result.timings;
  const stage = (name: string, key: string) => (t[key] !== undefined ? [`${name} ${t[key].toFixed(1)} s`] : []);
  out(`  time: ${[...stage('themes', 'themesSeconds'), ...stage('read', 'readSeconds'), ...stage('neighbours', 'neighborsSeconds'), ...stage('map', 'projectionSeconds'), ...stage('render', 'renderSeconds'), ...stage('write', 'writeSeconds')].join(', ')}`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
