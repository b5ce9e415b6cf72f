/**
 * Section 4: what a user waits for, from process start to printed result: the built CLI spawned as a
 * user runs it, on the big index, median of several runs after one warm-up, beside `node -e ""`.
 */
import { PaperIndex } from '../../src/store/sqlite/paper-index.js';
import type { ThemesOverview } from '../../src/store/records.js';
import type { BenchContext } from './context.js';
import { CLI } from './paths.js';
import { below, type Row } from './report.js';
import { checkOk, lastJson, runNode } from './spawn.js';
import { median, progress } from './stats.js';

export const QUERY = 'graph neural networks for molecular property prediction';

export interface CommandTiming {
  name: string;
  args: string[];
  seconds: number[];
  median: number;
}

export interface CommandsDetails {
  papers: number;
  nodeStart: CommandTiming;
  commands: CommandTiming[];
  themes: { seconds: number; wallSeconds: number; k: number; chosenBy: string };
}

export async function benchCommands(ctx: BenchContext): Promise<{ rows: Row[]; details: CommandsDetails }> {
  const big = await ctx.bigIndex();
  const runs = ctx.sizes.commandRuns;
  const env = ctx.cliEnv();
  const time = (name: string, args: string[], printsResult = true): CommandTiming => {
    progress(`commands: ${name} (1 warm-up + ${runs} runs)`);
    checkOk(runNode(args, { env, tmpDir: ctx.tmp }), name);
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = checkOk(runNode(args, { env, tmpDir: ctx.tmp }), name);
      if (printsResult && !r.stdout.trim()) throw new Error(`${name} printed nothing`);
      seconds.push(r.seconds);
    }
    return { name, args, seconds, median: median(seconds) };
  };

  const nodeStart = time('node -e ""', ['-e', ''], false);

  progress('commands: computing themes once (paperscope themes --json)');
  const first = checkOk(runNode([CLI, 'themes', '--index', big.dir, '--json'], { env, tmpDir: ctx.tmp }), 'paperscope themes');
  const overview = lastJson<ThemesOverview>(first, 'paperscope themes --json');
  const themes = { seconds: overview.seconds ?? first.seconds, wallSeconds: first.seconds, k: overview.k, chosenBy: overview.chosenBy };

  const index = ['--index', big.dir];
  const commands = [
    time('search (hybrid)', [CLI, 'search', QUERY, ...index]),
    time('search --mode lexical', [CLI, 'search', QUERY, '--mode', 'lexical', ...index]),
    time('similar <id>', [CLI, 'similar', middlePaperId(big.dir), ...index]),
    time('info', [CLI, 'info', ...index]),
    time('themes (stored)', [CLI, 'themes', ...index]),
  ];

  const limits: Record<string, number> = { 'search (hybrid)': 1.5, 'search --mode lexical': 0.5, 'similar <id>': 0.5, info: 0.5 };
  const papers = big.papers.toLocaleString('en-US');
  const rows: Row[] = commands.map((c) => ({
    section: 'commands',
    metric: `${c.name}, ${papers} papers`,
    value: c.median,
    unit: 's',
    baseline: { label: 'node -e ""', value: nodeStart.median, unit: 's' },
    ratio: c.median / nodeStart.median,
    target: limits[c.name] !== undefined ? below(c.median, limits[c.name], 's') : undefined,
    note: c.name === 'search (hybrid)' ? `loads the MiniLM-shaped model (q8) and embeds the query; median of ${runs} after a warm-up` : undefined,
  }));
  rows.push({
    section: 'commands',
    metric: `themes, first computation`,
    value: themes.wallSeconds,
    unit: 's',
    note: `one-off: k = ${themes.k} (${themes.chosenBy}), clustering ${themes.seconds.toFixed(1)} s of the ${themes.wallSeconds.toFixed(1)} s run`,
  });
  return { rows, details: { papers: big.papers, nodeStart, commands, themes } };
}

/** A paper from the middle of the index, by id, for `similar`. */
function middlePaperId(dir: string): string {
  const index = PaperIndex.openRead(dir);
  try {
    const n = index.countPapers();
    return (index.db.prepare('SELECT id FROM papers ORDER BY rowid LIMIT 1 OFFSET ?').get(Math.floor(n / 2)) as { id: string }).id;
  } finally {
    index.close();
  }
}
