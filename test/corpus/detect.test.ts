import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat, openFile } from '../../src/corpus/index.js';
import { collect, fixture, parseError, tempDir } from './helpers.js';

const write = tempDir();

describe('format detection', () => {
  it.each([
    ['listing-tricky.txt', 'listing'],
    ['arxiv.jsonl', 'jsonl'],
    ['openalex.jsonl', 'jsonl'],
    ['papers.json', 'json'],
    ['openalex-page.json', 'json'],
    ['zotero.csv', 'csv'],
    ['scopus-semicolon.csv', 'csv'],
    ['papers.tsv', 'tsv'],
    ['zotero.bib', 'bibtex'],
    ['scholar.bib', 'bibtex'],
  ])('detects %s as %s, also renamed and gzipped', async (name, format) => {
    expect((await openFile(fixture(name))).format).toBe(format);
    // content decides, not the name
    const renamed = write(`renamed-${name}.data`, fs.readFileSync(fixture(name)));
    expect((await openFile(renamed)).format).toBe(format);
    const gz = write(`gz-${name}.bin`, gzipSync(fs.readFileSync(fixture(name))));
    expect((await openFile(gz)).format).toBe(format);
  });

  it('decides from the first bytes', () => {
    expect(detectFormat('x', '{"title": "a"}\n{"title": "b"}\n')).toBe('jsonl');
    expect(detectFormat('x', '{\n  "title": "a"\n}\n')).toBe('json');
    expect(detectFormat('x', '  [ {"title": "a"} ]')).toBe('json');
    expect(detectFormat('x', '% Encoding: UTF-8\n\n@article{a, title={T}}')).toBe('bibtex');
    expect(detectFormat('x', 'Title,Abstract,Year\nT,A,2020\n')).toBe('csv');
    expect(detectFormat('x', 'title\tabstract\nT\tA\n')).toBe('tsv');
    expect(detectFormat('x', '99.3DCMay 6\nT\nA\n')).toBe('listing');
    // JSON Lines whose first line is damaged is still JSON Lines, so the error names that line
    expect(detectFormat('x', '{"title": "cut\n{"title": "b"}\n{"title": "c"}\n')).toBe('jsonl');
  });

  it('lets --format override detection', async () => {
    const file = write('forced.txt', 'heading one;heading two\nvalue;value\n');
    await expect(openFile(file)).rejects.toThrow(/Cannot tell the format/);
    const err = await parseError(file, { format: 'csv' });
    expect(err.message).toContain('no abstract column found. Columns found: heading one, heading two.');
  });
});

describe('files that cannot be read', () => {
  it('names a missing file', async () => {
    const file = path.join(path.dirname(fixture('x')), 'does-not-exist.jsonl');
    const err = await parseError(file);
    expect(err.message).toBe(`${file}: no such file.`);
  });

  it('names a directory and says what to pass instead', async () => {
    const dir = path.dirname(fixture('x'));
    const err = await parseError(dir);
    expect(err.message).toBe(`${dir} is a directory, not a file.`);
    expect(err.hint).toContain(`${dir}/*.jsonl`);
  });

  it('names an empty or whitespace-only file', async () => {
    const empty = write('empty.jsonl', '');
    expect((await parseError(empty)).message).toBe(`${empty} is empty.`);
    const blank = write('blank.csv', '\n\n   \n');
    expect((await parseError(blank)).message).toBe(`${blank} holds no text (only whitespace).`);
    const emptyGz = write('empty.jsonl.gz', gzipSync(Buffer.alloc(0)));
    expect((await parseError(emptyGz)).message).toBe(`${emptyGz} holds no text once decompressed (only whitespace).`);
  });

  it('refuses binary files, UTF-16 and non-UTF-8 text with what to do', async () => {
    const binary = write('paper.pdf', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x00, 0x00, 0xff, 0x10]));
    const err = await parseError(binary);
    expect(err.message).toBe(`${binary} is a binary file, not text.`);
    expect(err.hint).toContain('JSON Lines, JSON, CSV/TSV, BibTeX');
    const utf16 = write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('title,abstract\n', 'utf16le')]));
    expect((await parseError(utf16)).message).toBe(`${utf16} is UTF-16 text; paperscope reads UTF-8.`);
    const latin1 = write('latin1.csv', Buffer.from('title,abstract\nCaf\xe9,R\xe9sum\xe9 of things\n', 'latin1'));
    const latinErr = await parseError(latin1);
    expect(latinErr.message).toBe(`${latin1} is not UTF-8 text (perhaps Latin-1 or Windows-1252).`);
    expect(latinErr.hint).toContain('iconv');
  });

  it('names a damaged or truncated gzip file', async () => {
    const whole = gzipSync(fs.readFileSync(fixture('arxiv.jsonl')));
    const cut = write('cut.jsonl.gz', whole.subarray(0, whole.length - 30));
    const err = await parseError(cut);
    expect(err.message.startsWith(`${cut} is a damaged gzip file (`)).toBe(true);
    expect(err.hint).toContain('gzip -t');
    const garbage = write('garbage.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]));
    expect((await parseError(garbage)).message).toMatch(/garbage\.gz is a damaged gzip file/);
  });

  it('names a file in no known format and lists the formats', async () => {
    const file = write('notes.txt', 'Some notes I took.\nNothing like a paper list.\n');
    const err = await parseError(file);
    expect(err.message).toBe(`Cannot tell the format of ${file}.`);
    expect(err.hint).toContain('--format listing|jsonl|json|csv|tsv|bibtex');
  });

  it('refuses an unknown --format', async () => {
    const err = await parseError(fixture('arxiv.jsonl'), { format: 'xml' as never });
    expect(err.message).toBe("Unknown format 'xml'.");
  });

  it('a JSON Lines file where no record has an abstract names the keys its records have and the --map to use', async () => {
    const file = write('only-titles.jsonl', '{"id": "mypaper-1", "title": "A", "blurb": "x"}\n{"id": "mypaper-2", "title": "B", "notes": "y"}\n');
    const err = await parseError(file);
    expect(err.message).toBe(`${file}: no record has an abstract (looked for keys such as abstract, summary, description). Keys found: id, title, blurb, notes.`);
    expect(err.hint).toBe('Tell paperscope which key holds the abstracts with --map abstract=<key>.');
    // One record with an abstract is enough: the others are skipped and listed, as before.
    const some = write('some-abstracts.jsonl', '{"title": "A"}\n{"title": "B", "abstract": "An abstract."}\n');
    const { papers, skips } = await collect(some);
    expect([papers.length, skips.map((s) => s.line)]).toEqual([1, [1]]);
  });
});
