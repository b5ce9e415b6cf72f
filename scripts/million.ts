/**
 * million: the largest collection a user brings to one laptop, measured through the CLI as a user runs it.
 * Synthetic papers are made by recombining sentences of the 35,000 real arXiv abstracts (a seed paper's
 * first sentence and title head, then sentences of other papers of its primary category; its length in
 * sentences, its authors, a real date), so lengths, vocabulary and topics are real while every text is new.
 * For each size (default 35,000 and 1,000,000) the fast mode's static model ingests them, then search,
 * similar, themes and report run; each step's wall time and peak RSS, and the index size on disk, are
 * printed beside the smallest size's, with the growth factor.
 *
 *   npm run million -- [--sizes 35000,1000000] [--work <dir>] [--model <id>] [--models <dir>] [--out <file>]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkSharedData } from './bench/data.js';
import { readSources, writeSynthetic } from './bench/synthetic-papers.js';
import { CLI, RESULTS_DIR } from './bench/paths.js';
import { checkOk, runNode, type RunResult } from './bench/spawn.js';
import { GB, MB, progress } from './bench/stats.js';
import { isMainModule, runMain, UsageError } from './lib/cli.js';
import { STATIC_DEV_MODEL } from './static-model.js';

interface StepResult {
  step: string;
  seconds: number;
  peakRssBytes?: number;
}

interface SizeResult {
  papers: number;
  indexBytes: number;
  reportBytes: number;
  steps: StepResult[];
}

const USAGE = `Usage: npm run million -- [--sizes 35000,1000000] [--work <dir>] [--model <id>] [--models <dir>] [--out <file>]
  --sizes   collection sizes to measure (default 35000,1000000)
  --work    where the synthetic files and indexes go (default ~/.cache/paperscope-dev/million)
  --model   the embedding model (default ${STATIC_DEV_MODEL}: npm run static-model makes it)
  --models  the models folder (default $PAPERSCOPE_REAL_MODELS or ~/.cache/paperscope-dev/models)
  --out     the JSON results (default bench-results/million.json)`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { sizes: { type: 'string' }, work: { type: 'string' }, model: { type: 'string' }, models: { type: 'string' }, out: { type: 'string' } },
  });
  const sizes = (values.sizes ?? '35000,1000000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 100)) throw new UsageError(`--sizes takes whole numbers of at least 100, got "${values.sizes}"`);
  checkSharedData();
  const dev = path.join(os.homedir(), '.cache', 'paperscope-dev');
  const work = path.resolve(values.work ?? path.join(dev, 'million'));
  const models = path.resolve(values.models ?? (process.env.PAPERSCOPE_REAL_MODELS || path.join(dev, 'models')));
  const model = values.model ?? STATIC_DEV_MODEL;
  fs.mkdirSync(work, { recursive: true });

  const sources = await readSources();
  const results: SizeResult[] = [];
  for (const n of sizes.sort((a, b) => a - b)) {
    const file = path.join(work, `synthetic-${n}.jsonl`);
    if (!fs.existsSync(file)) {
      progress(`million: writing ${n.toLocaleString('en-US')} synthetic papers to ${file}`);
      await writeSynthetic(sources, n, file);
    }
    results.push(await measureSize(n, file, path.join(work, `index-${n}`), model, models, work));
    printTable(results);
  }
  const out = values.out ?? path.join(RESULTS_DIR, 'million.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), model, machine: machine(), results }, null, 2) + '\n');
  progress(`million: results in ${out}`);
}

async function measureSize(n: number, file: string, index: string, model: string, models: string, work: string): Promise<SizeResult> {
  fs.rmSync(index, { recursive: true, force: true });
  const env = { PAPERSCOPE_MODELS: models, PAPERSCOPE_OFFLINE: '1' };
  const steps: StepResult[] = [];
  const run = (step: string, args: string[]): RunResult => {
    progress(`million: ${n.toLocaleString('en-US')} papers: ${step}`);
    const r = checkOk(runNode([CLI, ...args, '--index', index], { env, maxRss: true, tmpDir: work, inheritStderr: step === 'ingest' }), step);
    steps.push({ step, seconds: r.seconds, peakRssBytes: r.maxRss });
    progress(`  ${r.seconds.toFixed(1)} s, peak RSS ${((r.maxRss ?? 0) / MB).toFixed(0)} MB`);
    return r;
  };
  run('ingest', ['ingest', file, '--model', model]);
  const indexBytes = folderBytes(index);
  run('search (hybrid)', ['search', 'graph neural networks for molecular property prediction', '-k', '10']);
  run('search (lexical)', ['search', 'graph neural networks for molecular property prediction', '-k', '10', '--mode', 'lexical']);
  run('similar', ['similar', 'synth-0', '-k', '10']);
  run('themes', ['themes']);
  run('info', ['info']);
  const reportFile = path.join(work, `report-${n}.html`);
  run('report', ['report', '--out', reportFile]);
  return { papers: n, indexBytes, reportBytes: fs.statSync(reportFile).size, steps };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function printTable(results: SizeResult[]): void {
  const base = results[0];
  const header = ['what', ...results.map((r) => `${r.papers.toLocaleString('en-US')} papers`), ...(results.length > 1 ? ['growth'] : [])];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  const last = results[results.length - 1];
  const row = (what: string, cells: string[], first: number, final: number) =>
    lines.push(`| ${[what, ...cells, ...(results.length > 1 ? [`${(final / first).toFixed(1)}x`] : [])].join(' | ')} |`);
  row('index on disk', results.map((r) => fmtBytes(r.indexBytes)), base.indexBytes, last.indexBytes);
  for (const [i, step] of base.steps.entries()) {
    const cells = results.map((r) => `${r.steps[i].seconds.toFixed(1)} s, ${fmtBytes(r.steps[i].peakRssBytes ?? 0)}`);
    row(`${step.step} (time, peak RSS)`, cells, step.seconds, last.steps[i].seconds);
  }
  row('report file', results.map((r) => fmtBytes(r.reportBytes)), base.reportBytes, last.reportBytes);
  console.log(`\n${lines.join('\n')}\n`);
}

function fmtBytes(b: number): string {
  return b >= GB ? `${(b / GB).toFixed(2)} GB` : `${(b / MB).toFixed(0)} MB`;
}

function machine(): string {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / GB).toFixed(1)} GB, Node ${process.version}`;
}

if (isMainModule(import.meta.url)) runMain('million', USAGE, main);
