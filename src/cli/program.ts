import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { ValueKind } from '../options/kinds.js';
import { anyText, repeated, text, themeRef } from '../options/kinds.js';
import type { OptionSpec, OptionValues } from '../options/spec.js';
import {
  COPY_COMMAND,
  EVAL_COMMAND,
  INDEX_COMMAND,
  INGEST_COMMAND,
  PARSE_COMMAND,
  REPORT_COMMAND,
  SEARCH_COMMAND,
  SIMILAR_COMMAND,
  THEME_COMMAND,
  THEMES_COMMAND,
} from './command-options.js';
import { addOptions, argument, valuesOf } from './options.js';
import type { Terminal } from './terminal.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A command as data: what it is called, what it takes, and the module that runs it (loaded on use). */
export interface CommandSpec<L extends readonly OptionSpec[] = readonly OptionSpec[], A = unknown> {
  name: string;
  summary: string;
  /** The positional argument, checked by its kind like an option. */
  argument?: { syntax: string; help: string; value: ValueKind<A> };
  options: L;
  examples?: string[];
  run: (arg: A, values: OptionValues<L>, term: Terminal) => Promise<number | void>;
}

/** Declares a command; the types of `run`'s argument and values follow from its declaration. */
function command<const L extends readonly OptionSpec[], A = undefined>(spec: CommandSpec<L, A>): CommandSpec {
  return spec as unknown as CommandSpec;
}

const words = repeated(text);

/** The command modules, each loaded when its command runs (they import the library, 0.3 s of modules). */
const parseModule = () => import('./commands/parse.js');
const ingestModule = () => import('./commands/ingest.js');
const searchModule = () => import('./commands/search.js');
const maintenanceModule = () => import('./commands/maintenance.js');
const themesModule = () => import('./commands/themes.js');
const reportModule = () => import('./commands/report.js');
const evalModule = () => import('./commands/eval.js');
const copyModule = () => import('./commands/copy.js');

const FILES = { syntax: '<files...>', help: 'paper files (any format, .gz too)', value: words };

// One command per paragraph: name and summary; argument; options and the function that runs it; examples.
export const COMMANDS: readonly CommandSpec[] = [
  command({ name: 'parse', summary: 'read paper files and show what was understood (no embedding)',
    argument: FILES,
    options: PARSE_COMMAND, run: async (files, values, term) => (await parseModule()).parseCommand(files, values, term),
    examples: ['paperscope parse papers.bib', 'paperscope parse export.csv --map abstract=Summary --json'] }),
  command({ name: 'ingest', summary: 'parse, embed and store papers in the index (re-running embeds only what is new)',
    argument: FILES,
    options: INGEST_COMMAND, run: async (files, values, term) => (await ingestModule()).ingestCommand(files, values, term),
    examples: ['paperscope ingest arxiv.jsonl.gz zotero.bib', 'paperscope ingest papers.csv --model Xenova/bge-small-en-v1.5'] }),
  command({ name: 'search', summary: 'find papers by meaning (dense), by words (lexical), or both fused (hybrid)',
    argument: { syntax: '<query>', help: 'what to look for', value: anyText },
    options: SEARCH_COMMAND, run: async (query, values, term) => (await searchModule()).searchCommand(query, values, term),
    examples: ['paperscope search "memory management for LLM serving"', 'paperscope search "graph transformers" --year 2024.. --category cs.LG -k 5'] }),
  command({ name: 'similar', summary: 'papers most like one paper of the index (by id or title words)',
    argument: { syntax: '<paper>', help: 'an id (arXiv id, DOI, ...) or words of the title', value: anyText },
    options: SIMILAR_COMMAND, run: async (ref, values, term) => (await searchModule()).similarCommand(ref, values, term),
    examples: ['paperscope similar 2503.11731', 'paperscope similar "density-invariant features"'] }),
  command({ name: 'remove', summary: 'remove papers from the index',
    argument: { syntax: '<ids...>', help: 'ids of the papers to remove', value: words },
    options: INDEX_COMMAND, run: async (ids, values, term) => (await maintenanceModule()).removeCommand(ids, values, term) }),
  command({ name: 'info', summary: 'what the index holds (papers, model, sizes, themes, last update), or one paper with its names and sources',
    argument: { syntax: '[paper]', help: 'a paper id or a name a source gave it', value: anyText },
    options: INDEX_COMMAND, run: async (paper, values, term) => (await maintenanceModule()).infoCommand(paper, values, term),
    examples: ['paperscope info', 'paperscope info 2503.11731 --json'] }),
  command({ name: 'reindex', summary: 'rebuild the HNSW file from the vectors stored in the database',
    options: INDEX_COMMAND, run: async (_, values, term) => (await maintenanceModule()).reindexCommand(undefined, values, term) }),
  command({ name: 'themes', summary: 'cluster the papers into named themes (computed once, then read back)',
    options: THEMES_COMMAND, run: async (_, values, term) => (await themesModule()).themesCommand(undefined, values, term),
    examples: ['paperscope themes', 'paperscope themes --depth 1', 'paperscope themes --k-range 5..15 --refresh'] }),
  command({ name: 'theme', summary: "one theme's papers (nearest its centre first), its sub-themes and its neighbouring themes; or one sub-theme's (3.1)",
    argument: { syntax: '<id>', help: 'a theme id (3) or sub-theme id (3.1) (see paperscope themes)', value: themeRef },
    options: THEME_COMMAND, run: async (id, values, term) => (await themesModule()).themeCommand(id, values, term),
    examples: ['paperscope theme 3', 'paperscope theme 3.1 --limit 20', 'paperscope theme 3 --over-time'] }),
  command({ name: 'report', summary: 'a similarity report to open in a browser: map, themes, nearest papers, near-duplicates',
    options: REPORT_COMMAND, run: async (_, values, term) => (await reportModule()).reportCommand(undefined, values, term),
    examples: ['paperscope report', 'paperscope report --out themes.md', 'paperscope report --format json --out - | jq .meta'] }),
  command({ name: 'eval', summary: 'score search on a BEIR-format collection: nDCG@10, Recall@100, MRR@10',
    options: EVAL_COMMAND, run: async (_, values, term) => (await evalModule()).evalCommand(undefined, values, term),
    examples: ['paperscope eval --beir ./scifact --mode hybrid,dense'] }),
  command({ name: 'copy', summary: 'copy an index (papers, vectors, themes) to another, local or on a PostgreSQL server, without re-embedding; resumable',
    argument: { syntax: '<indexes...>', help: 'two: the index to copy, then where to copy it (directories or postgresql:// URIs)', value: words },
    options: COPY_COMMAND, run: async (indexes, values, term) => (await copyModule()).copyCommand(indexes, values, term),
    examples: ['paperscope copy ./index postgresql://lab@db.example.org/papers', 'paperscope copy postgresql:///papers ./laptop-index'] }),
];

/** The commander program; `onExit` receives a command's exit code. Running it has no effect outside `term`. */
export function buildProgram(term: Terminal, onExit: (code: number) => void): Command {
  const program = new Command('paperscope')
    .description('Make sense of scientific papers by meaning: local embeddings, search, themes and reports.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => term.stdout(s), writeErr: (s) => term.stderr(s), outputError: (s, write) => write(s), getOutHelpWidth: () => term.columns ?? 100, getErrHelpWidth: () => term.columns ?? 100 })
    .exitOverride();
  for (const spec of COMMANDS) {
    // Inherits the program's output, exit override and help-after-error settings.
    const cmd = program.command(spec.name).description(spec.summary);
    if (spec.argument) cmd.addArgument(argument(spec.argument.syntax, spec.argument.help, spec.argument.value));
    addOptions(cmd, spec.options);
    if (spec.examples) cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}`);
    cmd.action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      const arg = spec.argument ? received[0] : undefined; // undefined too when an optional [argument] is left out
      const code = await spec.run(arg, valuesOf(spec.options, self.opts()), term);
      if (typeof code === 'number') onExit(code);
    });
  }
  return program;
}
