/**
 * Options as data: each is declared once (catalog.ts) with its name, flag, help text, kind of value and
 * default. The same declaration drives commander (src/cli/), the library's defaults and checks
 * (`resolveOptions`), the types of the library's option objects (`OptionValues`), and the README's option
 * tables (src/cli/reference.ts, kept equal to the README by test/docs.test.ts).
 */
import { OptionError, ValueError, type ValueKind } from './kinds.js';

export interface OptionSpec<N extends string = string, T = unknown, HasDefault extends boolean = boolean> {
  /** The option's name in code: the library's key, and the key of the CLI's parsed values. */
  readonly name: N;
  /** As on the command line (`-k, --k <n>`); absent for options only code can set. */
  readonly flags?: string;
  readonly help: string;
  readonly value: ValueKind<T>;
  readonly default: HasDefault extends true ? T : undefined;
  /** The default as help and the README say it, when it is not a plain value (it comes from the environment, the index...). */
  readonly defaultText?: string;
  /** Names of options that cannot be given together with this one. */
  readonly conflicts?: readonly string[];
  /** The CLI insists on it. */
  readonly required?: boolean;
}

type Declaration<N extends string, T> = Omit<OptionSpec<N, T>, 'default'>;

/** Declares an option; with `default`, the library uses that value when the option is not given. */
export function option<const N extends string, T>(spec: Declaration<N, T> & { default: T }): OptionSpec<N, T, true>;
export function option<const N extends string, T>(spec: Declaration<N, T> & { default?: undefined }): OptionSpec<N, T, false>;
export function option<const N extends string, T>(spec: Declaration<N, T> & { default?: T }): OptionSpec<N, T> {
  return { ...spec, default: spec.default } as OptionSpec<N, T>;
}

type AnySpec = OptionSpec<string, unknown, boolean>;
type ValueOf<S> = S extends OptionSpec<string, infer T, boolean> ? T : never;

/** What a caller may pass: every option optional. */
export type OptionValues<L extends readonly AnySpec[]> = { [S in L[number] as S['name']]?: ValueOf<S> };

/** What `resolveOptions` returns: options with a default always set. */
export type ResolvedOptions<L extends readonly AnySpec[]> = {
  [S in L[number] as S['name']]: S extends OptionSpec<string, infer T, true> ? T : ValueOf<S> | undefined;
};

/**
 * The library's side: checks what a caller gave (a bad value is an OptionError naming the option), fills
 * in the defaults, and refuses options that conflict. Undefined counts as not given.
 */
export function resolveOptions<const L extends readonly AnySpec[]>(specs: L, given: object): ResolvedOptions<L> {
  const values = given as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = values[spec.name];
    if (value === undefined) {
      out[spec.name] = spec.default;
      continue;
    }
    for (const other of spec.conflicts ?? []) {
      if (values[other] !== undefined) throw new OptionError(spec.name, `give ${spec.name} or ${other}, not both`);
    }
    try {
      out[spec.name] = spec.value.check(value);
    } catch (err) {
      if (err instanceof ValueError) throw new OptionError(spec.name, `${spec.name}: ${err.message}`);
      throw err;
    }
  }
  return out as ResolvedOptions<L>;
}

/** The object without its undefined values: a flag nobody gave never overrides a stored or default value. */
export function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
