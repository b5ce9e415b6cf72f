import type { ReportFormat, ReportStage } from '../../report/index.js';
import { formatBytes, out, warn } from '../format.js';
import { indexFrom, type CommonFlags } from '../shared.js';

export interface ReportFlags extends Omit<CommonFlags, 'format'> {
  out: string;
  format?: ReportFormat;
  neighbors: number;
  dupThreshold: number;
}

const STAGES: Record<ReportStage, string> = {
  themes: 'computing themes (the index has none yet)',
  read: 'reading papers and vectors',
  neighbors: 'finding each paper\'s nearest neighbours',
  map: 'laying out the map',
  assemble: 'assembling the report',
  render: 'rendering',
  write: 'writing',
};

export async function reportCommand(flags: ReportFlags): Promise<void> {
  const dupThreshold = flags.dupThreshold;
  const index = await indexFrom(flags as CommonFlags);
  const started = performance.now();
  // Progress only for a person watching; scripts reading stderr get just the notes.
  const progress = process.stderr.isTTY ? (stage: ReportStage) => warn(`paperscope: ${STAGES[stage]}…`) : undefined;
  try {
    const result = await index.report({ out: flags.out, format: flags.format, neighbors: flags.neighbors, dupThreshold, onStage: progress });
    for (const note of result.notes) warn(`note: ${note}`);
    if (!result.written) {
      process.stdout.write(result.content);
      return;
    }
    const m = result.model.meta;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out(`wrote ${result.written.path} (${result.format}, ${formatBytes(result.written.bytes)}) in ${seconds} s`);
    out(`  ${count(m.counts.papers, 'paper')}, ${count(m.counts.themes, 'theme')}, ${count(m.counts.duplicatePairs, 'near-duplicate pair')} (similarity >= ${m.duplicates.threshold})`);
    const map = m.projection.method === 'none' ? '' : `map: ${m.projection.method.toUpperCase()} (${m.projection.reason}); `;
    out(`  ${map}neighbours: ${m.neighbors.k} per paper via ${m.neighbors.method}${m.neighbors.threads > 1 ? ` (${m.neighbors.threads} threads)` : ''}`);
    const t = result.timings;
    const stage = (name: string, key: string) => (t[key] !== undefined ? [`${name} ${t[key].toFixed(1)} s`] : []);
    out(`  time: ${[...stage('themes', 'themesSeconds'), ...stage('read', 'readSeconds'), ...stage('neighbours', 'neighborsSeconds'), ...stage('map', 'projectionSeconds'), ...stage('render', 'renderSeconds'), ...stage('write', 'writeSeconds')].join(', ')}`);
  } finally {
    await index.close();
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
