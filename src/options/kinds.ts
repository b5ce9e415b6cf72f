/**
 * The kinds of value an option takes: how command-line text becomes a value, how a value given in code
 * is checked, and how both say what a valid value is. Each kind is one object, so the CLI and the
 * library check with the same code and say the same thing.
 */
import { UserError } from '../errors.js';

/** A value that is not of its kind. The CLI turns it into a usage error; the library into an OptionError. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
  /** What is wrong, without the value itself (the CLI names the argument already). */
  readonly problem: string;
  constructor(problem: string, got?: unknown) {
    super(got === undefined ? problem : `${problem} (got ${JSON.stringify(got) ?? String(got)})`);
    this.problem = problem;
  }
}

/** A bad option value given in code: a UserError that names the option. */
export class OptionError extends UserError {
  override readonly name = 'OptionError';
  readonly code = 'INVALID_OPTION';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ValueKind<T> {
  /** What a valid value is, as messages say it: "a whole number above 0". */
  readonly describe: string;
  /** Command-line text -> value (`previous`: the value so far, for repeatable options); throws ValueError. */
  parse(text: string, previous: T | undefined): T;
  /** A value given in code -> the value to use; throws ValueError. */
  check(value: unknown): T;
  /** The allowed values, when they are a short list (the CLI lists them in help and errors). */
  readonly choices?: readonly string[];
  /** A switch: present or not, no value on the command line. */
  readonly isSwitch?: boolean;
}

function expected(describe: string, got: unknown): never {
  throw new ValueError(`expected ${describe}`, got);
}

export function wholeNumber(range: { min: number; max?: number }): ValueKind<number> {
  const { min, max } = range;
  const describe =
    max !== undefined ? `a whole number from ${min} to ${max}` : min === 1 ? 'a whole number above 0' : `a whole number, ${min} or more`;
  const check = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) expected(describe, value);
    return value;
  };
  return { describe, check, parse: (text) => (/^\s*\d+\s*$/.test(text) ? check(Number(text)) : expected(describe, text)) };
}

export const fraction: ValueKind<number> = (() => {
  const describe = 'a number from 0 to 1';
  const check = (value: unknown): number =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : expected(describe, value);
  return { describe, check, parse: (t: string) => (t.trim() === '' ? expected(describe, t) : check(Number(t))) };
})();

export const text: ValueKind<string> = {
  describe: 'text',
  check: (value) => (typeof value === 'string' && value.trim() !== '' ? value : expected('some text', value)),
  parse: (value) => (value.trim() !== '' ? value : expected('some text', value)),
};

/** Any text at all, even empty: for arguments whose meaning the use case itself checks (a query, a paper reference). */
export const anyText: ValueKind<string> = {
  describe: 'text',
  check: (value) => (typeof value === 'string' ? value : expected('text', value)),
  parse: (value) => value,
};

export const onOff: ValueKind<boolean> = {
  describe: 'true or false',
  isSwitch: true,
  check: (value) => (typeof value === 'boolean' ? value : expected('true or false', value)),
  parse: () => true,
};

export function oneOf<const T extends string>(choices: readonly T[]): ValueKind<T> {
  const describe = `one of ${choices.join(', ')}`;
  const check = (value: unknown): T => ((choices as readonly unknown[]).includes(value) ? (value as T) : expected(describe, value));
  return { describe, choices, check, parse: check };
}

/** Comma-separated on the command line (`hybrid,dense`), an array in code; at least one, no repeats. */
export function someOf<const T extends string>(choices: readonly T[]): ValueKind<T[]> {
  const describe = `some of ${choices.join(', ')}, comma-separated`;
  const check = (value: unknown): T[] => {
    if (!Array.isArray(value) || value.length === 0 || value.some((v) => !(choices as readonly unknown[]).includes(v)) || new Set(value).size !== value.length) {
      expected(describe, value);
    }
    return value as T[];
  };
  return { describe, check, parse: (t) => check(t.split(',').map((s) => s.trim())) };
}

/** Repeatable on the command line (`--category cs.LG --category cs.CL`), an array in code. */
export function repeated(item: ValueKind<string>): ValueKind<string[]> {
  const describe = `${item.describe} (repeatable)`;
  return {
    describe,
    check: (value) => (Array.isArray(value) ? value.map((v) => item.check(v)) : expected(describe, value)),
    parse: (t, previous) => [...(previous ?? []), item.parse(t, undefined)],
  };
}

/** `4..30` -> [4, 30]: both ends at least 1, the first no larger than the second. */
export const kRange: ValueKind<[number, number]> = (() => {
  const describe = 'a range a..b of whole numbers, 1 <= a <= b (e.g. 4..30)';
  const check = (value: unknown): [number, number] => {
    const ok = Array.isArray(value) && value.length === 2 && value.every((v) => Number.isSafeInteger(v) && v >= 1) && value[0] <= value[1];
    return ok ? (value as [number, number]) : expected(describe, value);
  };
  const parse = (t: string): [number, number] => {
    const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(t);
    return m ? check([Number(m[1]), Number(m[2])]) : expected(describe, t);
  };
  return { describe, check, parse };
})();

/** `2024`, `2023..2025`, `2023..`, `..2020` -> a year range. */
export type YearRange = { yearFrom?: number; yearTo?: number };

export const yearRange: ValueKind<YearRange> = (() => {
  const describe = 'a year (2024) or a range (2023..2025, 2023.., ..2020), the earlier year first';
  const check = (value: unknown): YearRange => {
    const v = value as { yearFrom?: unknown; yearTo?: unknown } | null;
    const year = (y: unknown) => y === undefined || (Number.isSafeInteger(y) && (y as number) >= 0);
    const ok = typeof v === 'object' && v !== null && year(v.yearFrom) && year(v.yearTo) && !((v.yearFrom as number) > (v.yearTo as number));
    return ok ? (v as YearRange) : expected(describe, value);
  };
  const parse = (t: string): YearRange => {
    const m = /^\s*(\d{4})?\s*(\.\.)?\s*(\d{4})?\s*$/.exec(t);
    if (!m || (!m[1] && !m[3]) || (!m[2] && m[3])) expected(describe, t);
    const from = m[1] ? Number(m[1]) : undefined;
    const to = m[2] ? (m[3] ? Number(m[3]) : undefined) : from;
    return check({ yearFrom: from, yearTo: to });
  };
  return { describe, check, parse };
})();

/**
 * `--map field=column`, repeatable, -> { field: column }. `checkField` says what is wrong with a field
 * name (undefined when it is a paper field), so a typo is a usage error before any file is read.
 */
export function fieldMap(checkField: (field: string, column: string) => string | undefined): ValueKind<Record<string, string>> {
  const describe = 'field=column, e.g. abstract=Summary (repeatable)';
  const check = (value: unknown): Record<string, string> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) expected(describe, value);
    for (const [field, column] of Object.entries(value)) {
      if (typeof column !== 'string' || !column.trim()) expected(describe, value);
      const problem = checkField(field, column);
      if (problem) throw new ValueError(problem);
    }
    return value as Record<string, string>;
  };
  return {
    describe,
    check,
    parse(t, previous) {
      const eq = t.indexOf('=');
      if (eq <= 0 || eq === t.length - 1) expected(describe, t);
      return check({ ...previous, [t.slice(0, eq).trim()]: t.slice(eq + 1).trim() });
    },
  };
}

/** A theme (`3`) or one of its sub-themes (`3.1`: theme 3, sub-theme 1). */
export interface ThemeRef {
  theme: number;
  subtheme?: number;
}

/** `3` or `3.1` on the command line; in code also a number (a theme) or a ThemeRef. */
export const themeRef: ValueKind<ThemeRef> = (() => {
  const describe = 'a theme id (3) or a sub-theme id (3.1)';
  const fromText = (t: string): ThemeRef => {
    const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(t);
    if (!m || (m[2] !== undefined && Number(m[2]) < 1)) expected(describe, t);
    return m[2] === undefined ? { theme: Number(m[1]) } : { theme: Number(m[1]), subtheme: Number(m[2]) };
  };
  const check = (value: unknown): ThemeRef => {
    if (typeof value === 'string') return fromText(value);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { theme: value };
    const v = value as Partial<ThemeRef> | null;
    const ok =
      typeof v === 'object' && v !== null && Number.isSafeInteger(v.theme) && v.theme! >= 0 && (v.subtheme === undefined || (Number.isSafeInteger(v.subtheme) && v.subtheme >= 1));
    return ok ? { theme: v.theme!, ...(v.subtheme !== undefined ? { subtheme: v.subtheme } : {}) } : expected(describe, value);
  };
  return { describe, check, parse: fromText };
})();

/** How a ThemeRef is written: `3`, `3.1`. */
export function themeRefText(ref: ThemeRef): string {
  return ref.subtheme === undefined ? String(ref.theme) : `${ref.theme}.${ref.subtheme}`;
}
