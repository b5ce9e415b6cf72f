import { Option, type Command } from 'commander';
import { FORMATS } from '../corpus/paper.js';
import { UserError } from '../errors.js';

/**
 * Options as data: each command lists the groups it takes, and the parsing of a value lives next
 * to its flag. Parsers throw UserError so a bad value reads like any other mistake.
 */
export interface OptionSpec {
  flags: string;
  description: string;
  defaultValue?: unknown;
  parse?: (value: string, previous: unknown) => unknown;
  choices?: readonly string[];
  env?: string;
}

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name} must be a whole number above 0 (got "${value}")`);
    return n;
  };
}

export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UserError(`${name} must be a whole number, 0 or more (got "${value}")`);
    return n;
  };
}

export function fraction(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UserError(`${name} must be a number between 0 and 1 (got "${value}")`, `e.g. ${name} 0.95`);
    return n;
  };
}

function collect(value: string, previous: unknown): string[] {
  return [...((previous as string[] | undefined) ?? []), value];
}

export const INDEX_OPTIONS: OptionSpec[] = [
  { flags: '--index <dir>', description: 'index directory', defaultValue: 'index', env: 'PAPERSCOPE_INDEX' },
];

export const MODEL_OPTIONS: OptionSpec[] = [
  { flags: '--model <id>', description: 'sentence model (hub id); default: the index\'s model, or Xenova/all-MiniLM-L6-v2 for a new index' },
  { flags: '--dtype <dtype>', description: 'model weights: q8 (faster, smaller) or fp32', choices: ['q8', 'fp32'] },
  { flags: '--models <dir>', description: 'model cache directory (default: PAPERSCOPE_MODELS, else the models/ folder of the paperscope checkout, or ~/.cache/paperscope/models when installed as a package)' },
  { flags: '--offline', description: 'never touch the network (also PAPERSCOPE_OFFLINE=1)' },
];

export const PARSE_OPTIONS: OptionSpec[] = [
  { flags: '--format <format>', description: 'force the input format instead of detecting it', choices: FORMATS },
  { flags: '--map <field=column>', description: 'read a paper field from another column, e.g. --map abstract=summary (repeatable)', parse: collect },
  { flags: '--listing-year <year>', description: 'year for listing dates written without one (default: this year)', parse: positiveInt('--listing-year') },
  { flags: '--strict', description: 'a record without title or abstract is an error, not a skip' },
];

export const FILTER_OPTIONS: OptionSpec[] = [
  { flags: '--year <range>', description: 'only papers from these years: 2024, 2023..2025, 2023.., ..2020' },
  { flags: '--category <cat>', description: 'only papers in this category, e.g. cs.LG or cs.* (repeatable: any of them)', parse: collect },
  { flags: '--author <name>', description: 'only papers with an author matching this text (repeatable: all of them)', parse: collect },
  { flags: '--has-code', description: 'only papers with code available' },
  { flags: '--theme <id>', description: 'only papers of this theme (see paperscope themes)', parse: nonNegativeInt('--theme') },
];

export const JSON_OPTION: OptionSpec[] = [{ flags: '--json', description: 'print JSON (a stable shape documented in the README)' }];

export function addOptions(cmd: Command, specs: OptionSpec[]): Command {
  for (const spec of specs) {
    const opt = new Option(spec.flags, spec.description);
    if (spec.choices) opt.choices(spec.choices as string[]);
    if (spec.parse) opt.argParser(spec.parse as (value: string, previous: unknown) => unknown);
    if (spec.env) opt.env(spec.env);
    if (spec.defaultValue !== undefined) opt.default(spec.defaultValue);
    cmd.addOption(opt);
  }
  return cmd;
}
