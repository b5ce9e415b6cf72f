/**
 * Section 5: peak resident memory (RSS) of ingest and search at the big index's size, each in a process
 * of its own: the store side (ingest with synthetic vectors), the model side (a real-model CLI ingest of
 * the 2,000 papers), and a hybrid CLI search.
 */
import type { BenchContext } from './context.js';
import { QUERY } from './commands.js';
import { CLI } from './paths.js';
import { below, type Row } from './report.js';
import { checkOk, hasGnuTime, runNode } from './spawn.js';
import { MB, progress } from './stats.js';

export interface MemoryDetails {
  method: string;
  nodeBaselineRss: number;
  storeIngest: { papers: number; maxRss: number; startRss: number };
  modelIngest: { papers: number; maxRss: number; seconds: number };
  search: { papers: number; maxRss: number };
}

export async function benchMemory(ctx: BenchContext): Promise<{ rows: Row[]; details: MemoryDetails }> {
  const big = await ctx.bigIndex();
  const subset = await ctx.subset();
  const env = ctx.cliEnv();
  const method = hasGnuTime() ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS (preloaded)';
  const rss = (args: string[], what: string) => {
    const r = checkOk(runNode(args, { env, tmpDir: ctx.tmp, maxRss: true }), what);
    if (r.maxRss === undefined) throw new Error(`no peak RSS for ${what}`);
    return r;
  };

  const baseline = rss(['-e', ''], 'node -e ""');
  const cliIngest = await ctx.cliIngestSubset(); // shared with the ingest section: one run, timed and measured
  const modelRun = { maxRss: cliIngest.maxRss, seconds: cliIngest.wallSeconds };
  progress('memory: CLI hybrid search on the big index');
  const searchRun = rss([CLI, 'search', QUERY, '--index', big.dir], 'paperscope search');

  const details: MemoryDetails = {
    method,
    nodeBaselineRss: baseline.maxRss!,
    storeIngest: { papers: big.papers, maxRss: big.build.maxRss, startRss: big.build.startRss },
    modelIngest: { papers: subset.texts.length, maxRss: modelRun.maxRss!, seconds: modelRun.seconds },
    search: { papers: big.papers, maxRss: searchRun.maxRss! },
  };
  const nodeBase = { label: 'node -e ""', value: baseline.maxRss! / MB, unit: 'MB' };
  const count = (x: number) => x.toLocaleString('en-US');
  const rows: Row[] = [
    {
      section: 'memory',
      metric: `peak RSS ingest ${count(big.papers)} papers (store side)`,
      value: big.build.maxRss / MB,
      unit: 'MB',
      baseline: { label: 'child at start', value: big.build.startRss / MB, unit: 'MB' },
      target: below(big.build.maxRss / MB, 1536, 'MB'),
      note: 'ingest() with synthetic vectors in a child process (node + tsx loader, which alone accounts for the start figure): parse, store, HNSW build; process.resourceUsage().maxRSS',
    },
    {
      section: 'memory',
      metric: `peak RSS ingest ${count(subset.texts.length)} papers (model side, CLI)`,
      value: modelRun.maxRss! / MB,
      unit: 'MB',
      baseline: nodeBase,
      target: below(modelRun.maxRss! / MB, 1536, 'MB'),
      note: `node dist/cli/bin.js ingest with the MiniLM-shaped q8 model, ${modelRun.seconds.toFixed(1)} s; measured with ${method}`,
    },
    {
      section: 'memory',
      metric: `peak RSS search (hybrid, CLI), ${count(big.papers)} papers`,
      value: searchRun.maxRss! / MB,
      unit: 'MB',
      baseline: nodeBase,
      target: below(searchRun.maxRss! / MB, 600, 'MB'),
    },
  ];
  return { rows, details };
}
