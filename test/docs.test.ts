/** The README stays true to the code: its option and environment tables are the declarations' own. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE as BENCH_USAGE } from '../scripts/bench/options.js';
import { COMMANDS } from '../src/cli/program.js';
import { withReference } from '../src/cli/reference.js';
import { ENVIRONMENT } from '../src/settings.js';
import { PROJECT_ROOT } from './helpers/paths.js';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('lists each command\'s options and the environment exactly as declared (npm run docs writes them)', () => {
    expect(readme).toContain('<!-- generated: options');
    expect(readme).toContain('<!-- generated: environment');
    expect(withReference(readme), 'the README is out of date: run npm run docs').toBe(readme);
  });

  it('names only flags that some command (or npm run bench) takes', () => {
    const declared = new Set(['--help', '--version', ...COMMANDS.flatMap((c) => c.options.flatMap((o) => o.flags?.match(/--[a-z-]+/g) ?? [])), ...BENCH_USAGE.match(/--[a-z-]+/g)!]);
    const named = new Set(readme.match(/(?<![\w-])--[a-z][a-z-]+/g));
    expect([...named].filter((flag) => !declared.has(flag))).toEqual([]);
  });

  it('names only environment variables paperscope reads, and settings.ts reads only those it documents', () => {
    const documented = new Set(ENVIRONMENT.flatMap((v) => [v.name, ...(v.meaning.match(/`([A-Z_]{4,})`/g) ?? []).map((m) => m.slice(1, -1))]));
    const named = readme.match(/\b(PAPERSCOPE|HF)_[A-Z_]+/g) ?? [];
    expect(named.filter((v) => !documented.has(v))).toEqual([]);
    const read = readFileSync(join(PROJECT_ROOT, 'src', 'settings.ts'), 'utf8').match(/\benv\.([A-Z_]+)/g)!.map((m) => m.slice(4));
    expect(read.filter((v) => v !== 'XDG_CACHE_HOME' && !documented.has(v))).toEqual([]);
  });
});
