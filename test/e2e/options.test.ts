/**
 * Options come from one schema: bad values are usage errors (exit 2) on the command line and OptionErrors
 * naming the option in the library; a flag not given never overrides a stored or default value.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionError, openIndex, type ReportModel, type ThemesOverview } from '../../src/api.js';
import { json, runCli } from '../helpers/cli.js';
import { FIXTURES, TEST_MODELS_DIR } from '../helpers/paths.js';
import { sampleIndex } from '../report/helpers.js';

let sample: Awaited<ReturnType<typeof sampleIndex>>;
let index: string;

beforeAll(async () => {
  sample = await sampleIndex();
  index = sample.index;
});
afterAll(() => sample?.cleanup());

describe('bad command-line usage exits 2 with one line that names the flag and what it takes', () => {
  const cases: [string[], RegExp][] = [
    [['search', 'x', '-k', '0'], /option '-k, --k <n>' argument '0' is invalid\. Expected a whole number above 0\./],
    [['theme', 'abc'], /value 'abc' is invalid for argument 'id'\. Expected a theme id \(3\) or a sub-theme id \(3\.1\)\./],
    [['themes', '--k-range', '5..2'], /option '--k-range <a\.\.b>' argument '5\.\.2' is invalid/],
    [['themes', '--k', '3', '--k-range', '2..4'], /option '--k <n>' cannot be used with option '--k-range <a\.\.b>'/],
    [['report', '--neighbors', '51'], /option '--neighbors <n>' argument '51' is invalid\. Expected a whole number from 1 to 50\./],
    [['report', '--json', '--out', '-'], /--json prints a summary of the report written; with --out - the report itself goes to stdout/],
    [['search', 'x', '--year', 'last year'], /option '--year <range>' argument 'last year' is invalid\. Expected a year \(2024\) or a range/],
    [['eval', '--mode', 'dense'], /required option '--beir <dir>' not specified/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const r = await runCli([...args, '--index', index]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('parse f.csv --map foo=name: the field is not a paper field, said before the file is read', async () => {
    const r = await runCli(['parse', join(FIXTURES, 'corpus', 'zotero.csv'), '--map', 'foo=name']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/option '--map <field=column>' argument 'foo=name' is invalid\. .*'foo' is not a paper field/);
  });
});

describe('themes remember what was asked', () => {
  it('themes --refresh keeps a stored --k (and seed) instead of falling back to the defaults', async () => {
    const four = json<ThemesOverview>(await runCli(['themes', '--index', index, '--k', '4', '--seed', '7', '--json']));
    expect(four.themes).toHaveLength(4);
    const refreshed = json<ThemesOverview>(await runCli(['themes', '--index', index, '--refresh', '--json']));
    expect(refreshed.themes).toHaveLength(4);
    expect(refreshed).toMatchObject({ chosenBy: 'user', seed: 7, params: { k: 4, seed: 7 } });
  });

  it('in the library, a k range asked for replaces a stored k; k with a range is refused', async () => {
    const ps = openIndex({ dir: index, modelsDir: TEST_MODELS_DIR, offline: true });
    try {
      expect((await ps.themes({ k: 8 })).k).toBe(8);
      const ranged = await ps.themes({ kRange: [2, 3] });
      expect(ranged.chosenBy).toBe('silhouette');
      expect([2, 3]).toContain(ranged.k);
      expect(ranged.params.kRange).toEqual([2, 3]);
      expect(ranged.params.k).toBeUndefined();
      const both = ps.themes({ k: 3, kRange: [2, 4] });
      await expect(both).rejects.toThrow(OptionError);
      await expect(both).rejects.toThrow(/give k or kRange, not both/);
    } finally {
      await ps.close();
    }
  });
});

describe('library option checks name the option, not a flag', () => {
  it('search k, report neighbours and dupThreshold', async () => {
    const ps = openIndex({ dir: index, modelsDir: TEST_MODELS_DIR, offline: true });
    try {
      await expect(ps.search('memory', { k: 0, mode: 'lexical' })).rejects.toMatchObject({ name: 'OptionError', code: 'INVALID_OPTION', option: 'k', message: 'k: expected a whole number above 0 (got 0)' });
      await expect(ps.report({ neighbors: 51 })).rejects.toThrow(/^neighbors: expected a whole number from 1 to 50 \(got 51\)$/);
      await expect(ps.report({ dupThreshold: 2 })).rejects.toThrow(/^dupThreshold: expected a number from 0 to 1 \(got 2\)$/);
      // @ts-expect-error: a mode the schema does not know
      await expect(ps.search('memory', { mode: 'fuzzy' })).rejects.toThrow(/^mode: expected one of hybrid, dense, lexical \(got "fuzzy"\)$/);
    } finally {
      await ps.close();
    }
  });
});

describe('report flags', () => {
  it('--seed lays the map out with another seed; the default is the documented one', async () => {
    const at = async (...seed: string[]) => json<ReportModel>(await runCli(['report', '--index', index, '--format', 'json', '--out', '-', ...seed]));
    const [byDefault, seven] = [await at(), await at('--seed', '7')];
    expect(byDefault.meta.projection.params.seed).toBe(42);
    expect(seven.meta.projection.params.seed).toBe(7);
    expect(seven.papers.map((p) => [p.x, p.y])).not.toEqual(byDefault.papers.map((p) => [p.x, p.y]));
    expect(seven.papers.map((p) => p.neighbors)).toEqual(byDefault.papers.map((p) => p.neighbors));
  });

  it('--json prints what was written, as every command that prints results can', async () => {
    const out = join(sample.root, 'r.md');
    const r = await runCli(['report', '--index', index, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = json<{ path: string; format: string; bytes: number; counts: { papers: number }; notes: string[] }>(r);
    expect(summary).toMatchObject({ path: out, format: 'md', counts: { papers: 26 } });
    expect(summary.bytes).toBeGreaterThan(1000);
  });
});

describe('PAPERSCOPE_INDEX', () => {
  it('chooses the index for the library as for the CLI', async () => {
    const saved = process.env.PAPERSCOPE_INDEX;
    process.env.PAPERSCOPE_INDEX = index;
    try {
      const ps = openIndex({ modelsDir: TEST_MODELS_DIR, offline: true });
      expect((await ps.info()).papers).toBe(26);
      await ps.close();
    } finally {
      if (saved === undefined) delete process.env.PAPERSCOPE_INDEX;
      else process.env.PAPERSCOPE_INDEX = saved;
    }
    const viaCli = await runCli(['info', '--json'], { env: { PAPERSCOPE_INDEX: index } });
    expect(json<{ papers: number }>(viaCli).papers).toBe(26);
  });
});
