import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { PaperIndex } from '../../src/store/sqlite/paper-index.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { sampleIndex } from './helpers.js';

/** No report, and no temporary file, may be left behind by a failure. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.html') || f.endsWith('.md') || f.includes('.tmp-'));
}

describe('paperscope report (CLI)', () => {
  let index: Awaited<ReturnType<typeof sampleIndex>>;

  beforeAll(async () => {
    index = await sampleIndex();
  }, 120_000);
  afterAll(() => index?.cleanup());

  it('computes the themes of an index that has none, says so on stderr, and writes report.html in the cwd', async () => {
    const cwd = join(index.root, 'first');
    mkdirSync(cwd);
    const r = await runCli(['report', '--index', index.index], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: the index had no themes, so they were computed for this report/);
    expect(r.stdout).toMatch(/^wrote .*first\/report\.html \(html, [\d.]+ KB\)/);
    expect(r.stdout).toMatch(/26 papers, \d+ themes/);
    const html = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(readdirSync(cwd)).toEqual(['report.html']);
    // The themes are stored now: the next report computes nothing.
    const again = await runCli(['report', '--index', index.index, '--out', join(cwd, 'again.html')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  });

  it('takes the format from the extension, or --format, and writes to stdout with --out -', async () => {
    const md = join(index.root, 'r.md');
    const mdRun = await runCli(['report', '--index', index.index, '--out', md]);
    expect(mdRun.code).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^# Similarity report: 26 papers in \d+ themes/);
    // Markdown has no map, so none is laid out (at 35,000 papers that is half the time).
    expect(readFileSync(md, 'utf8')).not.toMatch(/\*\*Map\*\*/);
    expect(mdRun.stdout).not.toMatch(/map:/);
    const js = join(index.root, 'r.json');
    expect((await runCli(['report', '--index', index.index, '--out', js])).code).toBe(0);
    const jsonModel = JSON.parse(readFileSync(js, 'utf8')) as ReportModel;
    expect(jsonModel.papers).toHaveLength(26);
    expect(jsonModel.meta.projection.method).toBe('umap'); // the JSON is the whole model, map included
    const stdout = await runCli(['report', '--index', index.index, '--out', '-', '--format', 'json', '--neighbors', '3']);
    expect(stdout.code).toBe(0);
    expect(json<ReportModel>(stdout).papers[0].neighbors).toHaveLength(3);
    const mdOut = await runCli(['report', '--index', index.index, '--out', '-', '--format', 'md']);
    expect(mdOut.stdout).toMatch(/^# Similarity report/);
    const forced = join(index.root, 'forced.html');
    expect((await runCli(['report', '--index', index.index, '--out', forced, '--format', 'md'])).code).toBe(0);
    expect(readFileSync(forced, 'utf8')).toMatch(/^# Similarity report/);
  });

  it('replaces an existing report whole, leaving no temporary file', async () => {
    const dir = join(index.root, 'replace');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.html'), 'old report');
    const r = await runCli(['report', '--index', index.index, '--out', join(dir, 'report.html')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('refuses an --out inside the index directory', async () => {
    const r = await runCli(['report', '--index', index.index, '--out', join(index.index, 'report.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to write the report inside the index directory/);
    expect(leftovers(index.index)).toEqual([]);
  });

  it('names the path when --out cannot be written', async () => {
    const missing = await runCli(['report', '--index', index.index, '--out', '/proc/x/report.html']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot write the report to /proc/x/report.html');
    expect(missing.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    // A directory that exists but takes no files (even for root): the write itself fails.
    const procSelf = await runCli(['report', '--index', index.index, '--out', '/proc/self/report.html']);
    expect(procSelf.code).toBe(1);
    expect(procSelf.stderr).toContain('/proc/self/report.html');
    const isDir = await runCli(['report', '--index', index.index, '--out', index.root]);
    expect(isDir.code).toBe(1);
    expect(isDir.stderr).toMatch(/is a directory/);
  });

  it.skipIf(process.getuid?.() === 0)('names the path when its directory is read-only', async () => {
    const { chmodSync } = await import('node:fs');
    const dir = join(index.root, 'readonly');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const r = await runCli(['report', '--index', index.index, '--out', join(dir, 'report.html')]);
    chmodSync(dir, 0o755);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(dir, 'report.html'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects a bad --format, --neighbors or --dup-threshold', async () => {
    const format = await runCli(['report', '--index', index.index, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/argument 'pdf' is invalid.*html, md, json/);
    for (const n of ['0', '-1', '2.5', 'many', '51']) {
      const r = await runCli(['report', '--index', index.index, '--neighbors', n]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`option '--neighbors <n>' argument '${n}' is invalid. Expected a whole number from 1 to 50.`);
    }
    for (const t of ['1.5', '-0.1', 'high', '']) {
      const r = await runCli(['report', '--index', index.index, '--dup-threshold', t]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`option '--dup-threshold <x>' argument '${t}' is invalid. Expected a number from 0 to 1.`);
    }
  });
});

describe('paperscope report on an index with nothing to report', () => {
  const tmp = tempDir('paperscope-report-empty-');
  afterAll(() => tmp.cleanup());

  it('says to ingest first when the index directory is empty or missing', async () => {
    const empty = join(tmp.path, 'empty');
    mkdirSync(empty);
    for (const dir of [empty, join(tmp.path, 'missing')]) {
      const r = await runCli(['report', '--index', dir, '--out', join(tmp.path, 'r.html')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no index at/);
      expect(r.stderr).toMatch(/paperscope ingest/);
    }
    expect(existsSync(join(tmp.path, 'r.html'))).toBe(false);
  });

  it('says to ingest first when the index holds no papers', async () => {
    const dir = join(tmp.path, 'no-papers');
    PaperIndex.openWrite(dir, 'test').close();
    const r = await runCli(['report', '--index', dir, '--out', join(tmp.path, 'r.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no papers\n\s+run paperscope ingest/);
    expect(leftovers(tmp.path)).toEqual([]);
  });
});
