import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import { ValueError, type ValueKind } from '../options/kinds.js';
import type { OptionSpec, OptionValues } from '../options/spec.js';

/**
 * The option schema (src/options/) as commander options. Commander gets no defaults: a flag the user did
 * not give stays undefined and is left out, so the library's default (or a stored value, such as the
 * themes' k) applies. Help shows the default from the schema all the same.
 */
export function addOptions(cmd: Command, specs: readonly OptionSpec[]): void {
  for (const spec of specs) {
    if (!spec.flags) continue;
    const opt = new Option(spec.flags, helpText(spec));
    const kind = spec.value;
    if (kind.choices) opt.choices([...kind.choices]);
    else if (!kind.isSwitch) opt.argParser((text: string, previous: unknown) => parseArgument(kind, text, previous));
    if (spec.conflicts) opt.conflicts([...spec.conflicts]);
    if (spec.required) opt.makeOptionMandatory();
    cmd.addOption(opt);
  }
}

/** A positional argument checked by its kind, so a bad one is a usage error too. */
export function argument<T>(syntax: string, help: string, kind: ValueKind<T>): Argument {
  return new Argument(syntax, help).argParser((text: string, previous: unknown) => parseArgument(kind, text, previous));
}

/** The values commander parsed, under the schema's names, without the ones not given. */
export function valuesOf<const L extends readonly OptionSpec[]>(specs: L, parsed: Record<string, unknown>): OptionValues<L> {
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    if (!spec.flags) continue;
    const value = parsed[new Option(spec.flags).attributeName()];
    if (value !== undefined) values[spec.name] = value;
  }
  return values as OptionValues<L>;
}

export function helpText(spec: OptionSpec): string {
  const shown = defaultOf(spec);
  return shown ? `${spec.help} (default: ${shown})` : spec.help;
}

/** The default as help and the README show it (undefined: none). */
export function defaultOf(spec: OptionSpec): string | undefined {
  return spec.default !== undefined ? (Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)) : spec.defaultText;
}

function parseArgument<T>(kind: ValueKind<T>, text: string, previous: unknown): T {
  try {
    return kind.parse(text, previous as T | undefined);
  } catch (err) {
    if (err instanceof ValueError) throw new InvalidArgumentError(sentence(err.problem));
    throw err;
  }
}

function sentence(text: string): string {
  const capital = `${text[0].toUpperCase()}${text.slice(1)}`;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
