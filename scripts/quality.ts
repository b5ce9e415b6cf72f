/**
 * What paperscope finds, judged with real weights beside the tools a user would otherwise run, in one run:
 *
 *   npm run quality [-- --only retrieval,themes,neighbours,duplicates,map] [--models <dir>] [--papers N] [--out <file>]
 *
 * Needs real models (npm run real-models -- --out <dir>; default ~/.cache/paperscope-dev/models) and
 * ../shared/data. The anchors run in python/.venv (created on first use from python/requirements.txt).
 * Prints one table per section with its checks and writes the numbers to bench-results/quality.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainModule, runMain, UsageError } from './lib/cli.js';
import { QualityContext } from './quality/context.js';
import { qualityMap } from './quality/map.js';
import { qualityDuplicates, qualityNeighbours } from './quality/neighbours.js';
import { qualityRetrieval } from './quality/retrieval.js';
import { qualityThemes } from './quality/themes.js';
import { renderSection, type SectionResult } from './quality/table.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEV_CACHE = path.join(os.homedir(), '.cache', 'paperscope-dev');

const SECTIONS: Record<string, (ctx: QualityContext) => Promise<SectionResult>> = {
  retrieval: qualityRetrieval,
  themes: qualityThemes,
  neighbours: qualityNeighbours,
  duplicates: qualityDuplicates,
  map: qualityMap,
};

const USAGE = `Usage: npm run quality -- [--only <section,...>] [--models <dir>] [--papers N] [--skip-bertopic] [--out <file>]

  --only       sections to run: ${Object.keys(SECTIONS).join(', ')} (default all)
  --models     real-weight models (default $PAPERSCOPE_REAL_MODELS or ${path.join(DEV_CACHE, 'models')})
  --papers     arXiv papers for themes, neighbours, duplicates and the map (default all 35,000)
  --out        JSON results (default bench-results/quality.json)`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      only: { type: 'string' },
      models: { type: 'string' },
      papers: { type: 'string' },
      'skip-bertopic': { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(SECTIONS);
  const unknown = only.filter((s) => !(s in SECTIONS));
  if (unknown.length > 0) throw new UsageError(`unknown section(s) ${unknown.join(', ')}`);
  const papers = values.papers === undefined ? 0 : Number(values.papers);
  if (!Number.isInteger(papers) || papers < 0) throw new UsageError('--papers must be a whole number');
  const modelsDir = path.resolve(values.models ?? process.env.PAPERSCOPE_REAL_MODELS ?? path.join(DEV_CACHE, 'models'));
  const dataDir = path.resolve(ROOT, '..', 'shared', 'data');
  if (!fs.existsSync(dataDir)) throw new Error(`no data in ${dataDir}: the quality run reads SciFact and the arXiv file from there`);
  const ctx = new QualityContext({ modelsDir, dataDir, cacheDir: path.join(DEV_CACHE, 'quality'), arxivPapers: papers, skipBertopic: !!values['skip-bertopic'] });
  if (!ctx.hasModel('Xenova/all-MiniLM-L6-v2', 'q8') || !ctx.hasModel('Xenova/all-MiniLM-L6-v2', 'fp32')) {
    throw new Error(`no real all-MiniLM-L6-v2 in ${modelsDir}: run npm run real-models -- --out ${modelsDir}`);
  }
  const started = performance.now();
  const results: Record<string, SectionResult> = {};
  try {
    for (const name of only) {
      const t0 = performance.now();
      ctx.progress(`── ${name} ──`);
      results[name] = await SECTIONS[name](ctx);
      ctx.progress(`${name} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      process.stdout.write(`${renderSection(results[name])}\n\n`);
    }
  } finally {
    ctx.cleanup();
  }
  const checks = Object.values(results).flatMap((r) => r.checks);
  const out = path.resolve(values.out ?? path.join(ROOT, 'bench-results', 'quality.json'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), modelsDir, sections: results, seconds: (performance.now() - started) / 1000 }, null, 2) + '\n');
  process.stdout.write(`${checks.filter((c) => c.pass).length}/${checks.length} checks met · ${((performance.now() - started) / 1000).toFixed(0)} s · JSON: ${out}\n`);
}

if (isMainModule(import.meta.url)) runMain('quality', USAGE, main);
