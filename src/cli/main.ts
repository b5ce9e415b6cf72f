#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { asUserError, isUserError } from '../errors.js';
import { FILTER_OPTIONS, INDEX_OPTIONS, JSON_OPTION, MODEL_OPTIONS, PARSE_OPTIONS, addOptions, fraction, nonNegativeInt, positiveInt, type OptionSpec } from './options.js';
import { parseKRange } from './k-range.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A command as data: what it is called, what it takes, and the module that runs it (loaded on use). */
interface CommandSpec {
  name: string;
  args: string;
  summary: string;
  options: OptionSpec[];
  run: (args: unknown[], flags: Record<string, unknown>) => Promise<number | void>;
  examples?: string[];
}

const K_OPTION: OptionSpec = { flags: '-k, --k <n>', description: 'number of results', defaultValue: 10, parse: positiveInt('-k') };

const COMMANDS: CommandSpec[] = [
  {
    name: 'parse',
    args: '<files...>',
    summary: 'read paper files and show what was understood (no embedding)',
    options: [...PARSE_OPTIONS, { flags: '--limit <n>', description: 'stop after n papers', parse: positiveInt('--limit') }, ...JSON_OPTION],
    run: async ([files], flags) => (await import('./commands/parse.js')).parseCommand(files as string[], flags as never),
    examples: ['paperscope parse papers.bib', 'paperscope parse export.csv --map abstract=Summary --json'],
  },
  {
    name: 'ingest',
    args: '<files...>',
    summary: 'parse, embed and store papers in the index (re-running embeds only what is new)',
    options: [...INDEX_OPTIONS, ...MODEL_OPTIONS, ...PARSE_OPTIONS, { flags: '--batch-size <n>', description: 'texts per forward pass', parse: positiveInt('--batch-size') }, ...JSON_OPTION],
    run: async ([files], flags) => (await import('./commands/ingest.js')).ingestCommand(files as string[], flags as never),
    examples: ['paperscope ingest arxiv.jsonl.gz zotero.bib', 'paperscope ingest papers.csv --model Xenova/bge-small-en-v1.5'],
  },
  {
    name: 'search',
    args: '<query>',
    summary: 'find papers by meaning (dense), by words (lexical), or both fused (hybrid)',
    options: [
      ...INDEX_OPTIONS,
      K_OPTION,
      { flags: '--mode <mode>', description: 'how to match', defaultValue: 'hybrid', choices: ['hybrid', 'dense', 'lexical'] },
      ...FILTER_OPTIONS,
      ...MODEL_OPTIONS,
      ...JSON_OPTION,
    ],
    run: async ([query], flags) => (await import('./commands/search.js')).searchCommand(query as string, flags as never),
    examples: ['paperscope search "memory management for LLM serving"', 'paperscope search "graph transformers" --year 2024.. --category cs.LG -k 5'],
  },
  {
    name: 'similar',
    args: '<paper>',
    summary: 'papers most like one paper of the index (by id or title words)',
    options: [...INDEX_OPTIONS, K_OPTION, ...FILTER_OPTIONS, ...JSON_OPTION],
    run: async ([ref], flags) => (await import('./commands/search.js')).similarCommand(ref as string, flags as never),
    examples: ['paperscope similar 2503.11731', 'paperscope similar "density-invariant features"'],
  },
  {
    name: 'remove',
    args: '<ids...>',
    summary: 'remove papers from the index',
    options: [...INDEX_OPTIONS, ...JSON_OPTION],
    run: async ([ids], flags) => (await import('./commands/maintenance.js')).removeCommand(ids as string[], flags as never),
  },
  {
    name: 'info',
    args: '[paper]',
    summary: 'what the index holds (papers, model, sizes, themes, last update), or one paper with its names and sources',
    options: [...INDEX_OPTIONS, ...JSON_OPTION],
    run: async ([paper], flags) => (await import('./commands/maintenance.js')).infoCommand(paper as string | undefined, flags as never),
    examples: ['paperscope info', 'paperscope info 2503.11731 --json'],
  },
  {
    name: 'reindex',
    args: '',
    summary: 'rebuild the HNSW file from the vectors stored in the database',
    options: [...INDEX_OPTIONS, ...JSON_OPTION],
    run: async (_args, flags) => (await import('./commands/maintenance.js')).reindexCommand(flags as never),
  },
  {
    name: 'themes',
    args: '',
    summary: 'cluster the papers into named themes (computed once, then read back)',
    options: [
      ...INDEX_OPTIONS,
      { flags: '--k <n>', description: 'number of themes (default: chosen by silhouette)', parse: positiveInt('--k') },
      { flags: '--k-range <a..b>', description: 'range of k to choose from, e.g. 4..30', parse: (v: string) => parseKRange(v) },
      { flags: '--seed <n>', description: 'random seed (same data + seed = same themes)', parse: nonNegativeInt('--seed') },
      { flags: '--refresh', description: 'recompute (after papers were added or removed)' },
      ...JSON_OPTION,
    ],
    run: async (_args, flags) => (await import('./commands/themes.js')).themesCommand(flags as never),
    examples: ['paperscope themes', 'paperscope themes --k-range 5..15 --refresh'],
  },
  {
    name: 'theme',
    args: '<id>',
    summary: "one theme's papers (nearest its centre first) and its neighbouring themes",
    options: [...INDEX_OPTIONS, { flags: '--limit <n>', description: 'papers to list', defaultValue: 50, parse: positiveInt('--limit') }, ...JSON_OPTION],
    run: async ([id], flags) => (await import('./commands/themes.js')).themeCommand(id as string, flags as never),
  },
  {
    name: 'report',
    args: '',
    summary: 'a similarity report to open in a browser: map, themes, nearest papers, near-duplicates',
    options: [
      ...INDEX_OPTIONS,
      { flags: '--out <file>', description: 'where to write it (- for stdout)', defaultValue: 'report.html' },
      { flags: '--format <format>', description: 'html, md or json (default: from the --out extension, else html)', choices: ['html', 'md', 'json'] },
      { flags: '--neighbors <n>', description: 'nearest papers listed per paper', defaultValue: 5, parse: positiveInt('--neighbors') },
      { flags: '--dup-threshold <x>', description: 'similarity from which two papers count as near-duplicates (0..1)', defaultValue: 0.95, parse: fraction('--dup-threshold') },
    ],
    run: async (_args, flags) => (await import('./commands/report.js')).reportCommand(flags as never),
    examples: ['paperscope report', 'paperscope report --out themes.md', 'paperscope report --format json --out - | jq .meta'],
  },
  {
    name: 'eval',
    args: '',
    summary: 'score search on a BEIR-format collection: nDCG@10, Recall@100, MRR@10',
    options: [
      { flags: '--beir <dir>', description: 'folder with corpus.jsonl, queries.jsonl and qrels/test.tsv' },
      { flags: '--mode <modes>', description: 'comma-separated modes to score', defaultValue: 'hybrid,dense,lexical' },
      { flags: '--split <name>', description: 'qrels file to use (qrels/<split>.tsv)', defaultValue: 'test' },
      { flags: '--index <dir>', description: 'index to build from the corpus (default: <beir dir>/.paperscope-index)' },
      ...MODEL_OPTIONS,
      ...JSON_OPTION,
    ],
    run: async (_args, flags) => (await import('./commands/eval.js')).evalCommand(flags as never),
    examples: ['paperscope eval --beir ./scifact --mode hybrid,dense'],
  },
];

export function buildProgram(): Command {
  const program = new Command('paperscope')
    .description('Make sense of scientific papers by meaning: local embeddings, search, themes and reports.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();
  for (const spec of COMMANDS) {
    const cmd = program.command(`${spec.name}${spec.args ? ` ${spec.args}` : ''}`).description(spec.summary).exitOverride();
    addOptions(cmd, spec.options);
    if (spec.examples) cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}`);
    cmd.action(async (...received: unknown[]) => {
      const command = received[received.length - 1] as Command;
      const code = await spec.run(received.slice(0, -2), command.opts());
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
    });
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}

/** A user's mistake: one or two lines, no stack. A bug: the stack, so it can be reported. */
function reportError(caught: unknown): number {
  const err = asUserError(caught);
  if (err instanceof CommanderError) {
    return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
  }
  if (isUserError(err)) {
    process.stderr.write(`paperscope: ${err.message}\n${err.hint ? `  ${err.hint}\n` : ''}`);
    return 1;
  }
  process.stderr.write(`paperscope: internal error (please report it)\n${(err as Error)?.stack ?? String(err)}\n`);
  return 70;
}

// `paperscope parse big.jsonl | head`: the reader went away; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
