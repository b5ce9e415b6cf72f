import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { excerpt } from '../../src/report/excerpt.js';
import { checkOutPath, reportFormatFor, writeReportFile } from '../../src/report/output.js';
import { isWebUrl, paperLink } from '../../src/report/paper-link.js';
import { tempDir } from '../helpers/cli.js';

const tmp = tempDir('paperscope-report-out-');
afterAll(() => tmp.cleanup());

describe('report output', () => {
  it('takes the format from --format, else the extension, else html', () => {
    expect(reportFormatFor('r.md')).toBe('md');
    expect(reportFormatFor('r.MARKDOWN')).toBe('md');
    expect(reportFormatFor('r.json')).toBe('json');
    expect(reportFormatFor('r.htm')).toBe('html');
    expect(reportFormatFor('report')).toBe('html');
    expect(reportFormatFor('-')).toBe('html');
    expect(reportFormatFor('r.md', 'json')).toBe('json');
    expect(() => reportFormatFor('r.md', 'pdf')).toThrow(UserError);
  });

  it('refuses a path inside the index directory, also through a symlink', () => {
    const index = join(tmp.path, 'index');
    mkdirSync(join(index, 'sub'), { recursive: true });
    expect(() => checkOutPath(join(index, 'report.html'), index)).toThrow(/inside the index directory/);
    expect(() => checkOutPath(join(index, 'sub', 'r.html'), index)).toThrow(UserError);
    symlinkSync(index, join(tmp.path, 'alias'));
    expect(() => checkOutPath(join(tmp.path, 'alias', 'r.html'), index)).toThrow(/inside the index directory/);
    // A sibling whose name starts like the index's is not inside it.
    mkdirSync(join(tmp.path, 'index-reports'));
    expect(checkOutPath(join(tmp.path, 'index-reports', 'r.html'), index)).toBe(join(tmp.path, 'index-reports', 'r.html'));
  });

  it('names the path when the directory is missing or the target is a directory', () => {
    expect(() => checkOutPath('/proc/x/report.html', tmp.path)).toThrow(/cannot write the report to \/proc\/x\/report.html: directory \/proc\/x does not exist/);
    expect(() => checkOutPath(tmp.path, join(tmp.path, 'idx'))).toThrow(/is a directory/);
  });

  it('writes atomically, leaving no temporary file, and replaces an old report whole', () => {
    const path = join(tmp.path, 'atomic.html');
    writeFileSync(path, 'old');
    expect(writeReportFile(path, 'new ✓')).toBe(Buffer.byteLength('new ✓'));
    expect(readFileSync(path, 'utf8')).toBe('new ✓');
    expect(readdirSync(tmp.path).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('turns a failed write into a UserError naming the path', () => {
    const path = join(tmp.path, 'gone', 'r.html');
    expect(() => writeReportFile(path, 'x')).toThrow(UserError);
    expect(() => writeReportFile(path, 'x')).toThrow(path);
    expect(existsSync(join(tmp.path, 'gone'))).toBe(false);
  });

  it('removes its temporary file when the last step (the rename) fails', () => {
    const dir = join(tmp.path, 'rename-fails');
    const path = join(dir, 'report.html');
    mkdirSync(path, { recursive: true }); // a directory where the report should go: the temp file is written, the rename fails
    expect(() => writeReportFile(path, 'x')).toThrow(path);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });
});

describe('paper text for the report', () => {
  it('cuts abstracts at a sentence end near the limit, else at a word', () => {
    const sentences = 'First sentence is here. Second one follows it. Third sentence is rather long and goes on.';
    expect(excerpt(sentences, 60)).toBe('First sentence is here. Second one follows it.');
    expect(excerpt('word '.repeat(40), 50)).toMatch(/^(word ){9}word…$/);
    expect(excerpt('short\n text ')).toBe('short text');
  });

  it('links only web URLs, else builds one from the arXiv id or DOI', () => {
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl(' https://x.org')).toBe(false);
    expect(isWebUrl('HTTPS://x.org/a')).toBe(true);
    expect(paperLink({ url: 'javascript:alert(1)' })).toBeUndefined();
    expect(paperLink({ url: 'javascript:alert(1)', arxivId: '2401.00001' })).toBe('https://arxiv.org/abs/2401.00001');
    expect(paperLink({ doi: '10.1000/x<1>' })).toBe('https://doi.org/10.1000/x%3C1%3E');
    expect(paperLink({ doi: 'not a doi' })).toBeUndefined();
    expect(paperLink({ url: 'https://example.org/p' })).toBe('https://example.org/p');
  });
});
