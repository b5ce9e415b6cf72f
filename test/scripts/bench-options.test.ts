import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FULL_SIZES, parseOptions, QUICK_SIZES } from '../../scripts/bench/options.js';

describe('npm run bench options', () => {
  it('runs every section at full size by default; --quick and --only narrow it', () => {
    const all = parseOptions([]);
    expect(all !== 'help' && [...all.only]).toEqual(['embedding', 'ingest', 'hnsw', 'commands', 'memory', 'peers', 'postgres']);
    expect(all !== 'help' && all.sizes).toEqual(FULL_SIZES);
    const some = parseOptions(['--quick', '--only', 'hnsw, embedding', '--out', 'x.json', '--keep-temp']);
    expect(some).toMatchObject({ quick: true, sizes: QUICK_SIZES, outFile: resolve('x.json'), keepTemp: true });
    expect(some !== 'help' && [...some.only]).toEqual(['hnsw', 'embedding']);
    expect(parseOptions(['-h'])).toBe('help');
  });

  it('refuses what it does not know, with the usage text', () => {
    expect(() => parseOptions(['--bogus'])).toThrow(/Unknown option '--bogus'[\s\S]*Usage: npm run bench/);
    expect(() => parseOptions(['--only'])).toThrow(/argument missing/);
    expect(() => parseOptions(['--only', 'nope'])).toThrow(/unknown section\(s\) nope: choose from embedding/);
  });
});
