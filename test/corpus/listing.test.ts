import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byTitle, collect, fixture, gzipFixture, parseError, tempDir } from './helpers.js';

const write = tempDir();
const TRICKY = fixture('listing-tricky.txt');

describe('listing format: splitting titles from authors', () => {
  it('cuts where the first name starts, whatever the title ends in', async () => {
    const { papers } = await collect(TRICKY, { listingYear: 2026 });
    const split = papers.map((p) => [p.title, p.authors]);
    expect(split).toEqual([
      // a title ending in capitals, glued to a first name: GPUZhenyu
      ['Inf-Lite: Streaming Inference of Multimodal Models on a Single GPU', ['Zhenyu Ning', 'Jieru Zhao', 'Qihao Jin']],
      // a title ending in a digit and a capital: 3DYunsong
      ['Monocular Detection in 3D', ['Yunsong Zhou', 'Hongzi Zhu']],
      // commas inside the title
      ['Graph Networks via Architecture, Compiler, Partition Method Co-Design', ['Shuwen Lu', 'Zhihui Zhang', 'Cong Guo']],
      // hyphenated first names and an apostrophe with an accent
      ['Elastic KV Cache Serving for Long-Context Inference', ['Xiao-Ming Li', 'Jean-Pierre Dupont', "Moreno D'Incà"]],
      // particles in the first author's name, accents in the second
      ['Multilingual Retrieval with Sparse Learning', ['Jean de la Fontaine', 'Ana María García-López']],
      // a capital inside a surname (LeCun) does not move the cut
      ['Convolutional Networks', ['Yann LeCun', 'Léon Bottou']],
      // a single-name first author
      ['Planning Agents for Open-World Training', ['Mausam', 'Dan Weld']],
      // initials after a title ending in a digit
      ['Evaluating GPT-4', ['J. R. Smith', "K. O'Neil"]],
      ['Vector Search at Scale on GPUs', ['Weitian Chen', 'Shixuan Sun']],
    ]);
  });

  it('keeps et al. visible and reads the organisations after the dot', async () => {
    const { papers } = await collect(TRICKY, { listingYear: 2026 });
    const inf = byTitle(papers, 'Inf-Lite: Streaming Inference of Multimodal Models on a Single GPU');
    expect(inf.extra?.authorsTruncated).toBe(true);
    expect(inf.orgs).toEqual(['sjtu', 'microsoft-research']);
    const mono = byTitle(papers, 'Monocular Detection in 3D');
    expect(mono.extra?.authorsTruncated).toBeUndefined();
    expect(mono.orgs).toBeUndefined();
    expect(byTitle(papers, 'Multilingual Retrieval with Sparse Learning').orgs).toEqual(['inria']);
  });

  it('reads score, category, date and code flag from the meta line', async () => {
    const { papers } = await collect(TRICKY, { listingYear: 2026 });
    const inf = papers[0];
    expect([inf.score, inf.categories, inf.date, inf.dateRaw, inf.year, inf.hasCode]).toEqual([
      97.5, ['cs.LG'], '2026-05-06', 'May 6', 2026, true,
    ]);
    const mono = papers[1]; // no score, a leap day
    expect([mono.score, mono.categories, mono.date, mono.dateRaw, mono.year, mono.hasCode]).toEqual([
      undefined, ['cs.CV'], '2024-02-29', 'Feb 29, 2024', 2024, false,
    ]);
    expect(mono.abstract).toBe('We detect objects in 3D from a single camera and reduce depth error by 12% on KITTI.');
    expect(papers[0].abstract).toContain('reaching 2.5× higher throughput');
  });

  it('gives yearless dates the listing year, by default the current one', async () => {
    const kv = (await collect(TRICKY, { listingYear: 2019 })).papers[3];
    expect([kv.date, kv.dateRaw, kv.year]).toEqual(['2019-01-03', 'Jan 3', 2019]);
    const now = new Date().getFullYear();
    expect((await collect(TRICKY)).papers[3].date).toBe(`${now}-01-03`);
    const err = await parseError(TRICKY, { listingYear: Number('20x6') });
    expect(err.message).toBe('Listing year NaN is not a year.');
  });

  it('skips records without an abstract, in the middle and at the end, naming them', async () => {
    const { papers, skips } = await collect(TRICKY, { listingYear: 2026 });
    expect(papers).toHaveLength(9);
    expect(skips).toEqual([
      { file: TRICKY, line: 28, reason: 'listing record "A Record Whose Abstract Is Missing" has no abstract line' },
      { file: TRICKY, line: 33, reason: 'listing record "A Title At The End Of The File" has no abstract line' },
    ]);
  });

  it('reads CRLF files, blank lines between records and gzip the same way', async () => {
    const expected = (await collect(TRICKY, { listingYear: 2026 })).papers.map((p) => [p.title, p.authors, p.abstract]);
    const crlf = write('crlf.txt', fs.readFileSync(TRICKY, 'utf8').replace(/\n/g, '\r\n\r\n'));
    const fromCrlf = (await collect(crlf, { listingYear: 2026 })).papers.map((p) => [p.title, p.authors, p.abstract]);
    expect(fromCrlf).toEqual(expected);
    const gz = gzipFixture(write, 'listing-tricky.txt');
    const fromGz = (await collect(gz, { listingYear: 2026 })).papers;
    expect(fromGz.map((p) => [p.title, p.authors, p.abstract])).toEqual(expected);
    expect(fromGz[0].source).toEqual({ file: gz, line: 1, format: 'listing' });
  });

  it('joins an abstract broken over lines, and reports stray lines before the first record', async () => {
    const file = write(
      'stray.txt',
      'CVJul 19, 2023Code\nA Paper TitleAnna Berg\nFirst half of the abstract\nsecond half.\n',
    );
    const { papers } = await collect(file);
    expect(papers[0].abstract).toBe('First half of the abstract second half.');
    const stray = write('stray2.txt', 'Exported from the listing site\nby a script\nCVJul 19, 2023\nT OneAnna Berg\nAbstract one.\n');
    const read = await collect(stray, { format: 'listing' });
    expect(read.papers.map((p) => p.title)).toEqual(['T One']);
    expect(read.skips).toEqual([
      { file: stray, line: 1, reason: "lines 1-2 are not part of a listing record (a record starts with a line like 'CVJul 19, 2023')" },
    ]);
    const withJunk = write('junk.txt', 'CVJul 19, 2023\nT OneAnna Berg\nAbstract.\nLGJan 2, 2024\n');
    expect((await collect(withJunk)).skips[0].reason).toContain('has no title line');
  });

  it('treats a title line without a recognisable first name as a title without authors', async () => {
    const file = write('noauthors.txt', 'LGMay 6\nall lower case title with no authors\nSome abstract.\n');
    const { papers } = await collect(file, { listingYear: 2026 });
    expect(papers[0].title).toBe('all lower case title with no authors');
    expect(papers[0].authors).toEqual([]);
  });
});
