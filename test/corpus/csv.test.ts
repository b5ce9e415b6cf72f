import { describe, expect, it } from 'vitest';
import { splitAuthorString } from '../../src/corpus/authors.js';
import { collect, fixture, gzipFixture, parseError, tempDir } from './helpers.js';

const write = tempDir();

describe('CSV and TSV', () => {
  it('reads a Zotero CSV export: BOM, CRLF, quoted fields, doubled quotes, a multi-line abstract', async () => {
    const file = fixture('zotero.csv');
    const { papers, skips } = await collect(file);
    expect(papers).toHaveLength(2);
    expect(papers[0]).toMatchObject({
      id: '10.1007/s10791-023-09421-7',
      title: 'Learning to Rank with "Soft" Labels',
      abstract:
        'Ranking models trained with soft labels, rather than binary relevance, improve nDCG@10 by 3%. A second paragraph explains the labelling, costs, and limits.',
      authors: ['Jörg Müller', 'Aiko Nakamura'],
      categories: ['learning to rank', 'soft labels'],
      date: '2023-03-14',
      year: 2023,
      source: { file, line: 2, format: 'csv' },
      extra: { Key: 'QX7B2K9A', 'Item Type': 'journalArticle', 'Publication Title': 'Information Retrieval Journal' },
    });
    // the multi-line abstract moved the next record's line; the arXiv URL gives its id
    expect(papers[1]).toMatchObject({
      id: '2501.07777',
      title: 'Small Models, Big Context',
      authors: ['Kwame Osei', 'María de la Cruz'],
      source: { line: 7 },
    });
    expect(skips).toEqual([{ file, line: 8, reason: 'record "A Paper With An Empty Abstract" has no abstract' }]);
  });

  it('detects semicolons and reads Scopus-style `Rossi M.` authors', async () => {
    const { papers } = await collect(fixture('scopus-semicolon.csv'));
    expect(papers.map((p) => [p.title, p.authors, p.year, p.doi ?? null])).toEqual([
      ['Edge Caching for Video Streaming', ['M. Rossi', 'L. Bianchi'], 2021, '10.1016/j.comnet.2021.108000'],
      ['Quantum Error Correction on Noisy Hardware', ['P. Kowalski'], 2024, null],
    ]);
    expect(papers[0].abstract).toContain('reduces backhaul load; we show a 40% cut');
    expect(papers[0].categories).toEqual(['caching', 'edge']);
  });

  it('reads TSV with quoted tabs and space-separated arXiv categories', async () => {
    const file = fixture('papers.tsv');
    const { papers } = await collect(file);
    expect(papers.map((p) => [p.title, p.abstract, p.authors, p.categories, p.source.format])).toEqual([
      [
        'Protein Folding with Diffusion',
        'A diffusion model generates protein backbones that fold in silico with 70% success.',
        ['Lena Hoffmann', 'Raj Patel'],
        ['q-bio.BM', 'cs.LG'],
        'tsv',
      ],
      ['Robust Speech Recognition', 'Noise-robust ASR with "quoted" phrases, tabs and more.', ['Yuki Tanaka'], ['cs.SD'], 'tsv'],
    ]);
  });

  it('reads gzipped CSV and TSV', async () => {
    expect((await collect(gzipFixture(write, 'zotero.csv'))).papers).toHaveLength(2);
    expect((await collect(gzipFixture(write, 'papers.tsv'))).papers).toHaveLength(2);
  });

  it('explains a missing abstract column, listing the columns it found', async () => {
    const file = fixture('no-abstract-column.csv');
    const err = await parseError(file);
    expect(err.message).toBe(`${file}: no abstract column found. Columns found: title, summary_text, year.`);
    expect(err.hint).toBe('Tell paperscope which column holds the abstracts with --map abstract=<column>.');
  });

  it('follows --map to an unusual column, and names a mapped column that does not exist', async () => {
    const file = fixture('no-abstract-column.csv');
    const { papers } = await collect(file, { fieldMap: { abstract: 'Summary_Text' } });
    expect(papers[0]).toMatchObject({ title: 'A Paper', abstract: 'Its summary lives in an odd column.', year: 2020 });
    const err = await parseError(file, { fieldMap: { abstract: 'summary' } });
    expect(err.message).toBe(`${file}: no column named 'summary' (from --map). Columns found: title, summary_text, year.`);
  });

  it('reports a quote that never closes with its line', async () => {
    const file = write('bad-quote.csv', 'title,abstract\nGood,Fine abstract.\nBad,"never closed\nmore text\n');
    const err = await parseError(file);
    expect(err.message).toMatch(/bad-quote\.csv:\d+: this CSV cannot be read \(Quote Not Closed/);
    expect(err.hint).toContain('double quotes');
  });

  it('tolerates rows with too few or too many fields', async () => {
    const file = write('ragged.csv', 'title,abstract,year\nShort Row\nLong Row,An abstract.,2020,extra,cells\n');
    const { papers, skips } = await collect(file);
    expect(papers.map((p) => p.title)).toEqual(['Long Row']);
    expect(skips).toEqual([{ file, line: 2, reason: 'record "Short Row" has no abstract' }]);
  });
});

describe('author strings', () => {
  it.each([
    ['Jane Doe, John Smith and Wei Zhang', ['Jane Doe', 'John Smith', 'Wei Zhang']],
    ['Jane Doe, John Smith, and Wei Zhang', ['Jane Doe', 'John Smith', 'Wei Zhang']],
    ['Cong Guo, Chen Zhang', ['Cong Guo', 'Chen Zhang']],
    ['Guo, Cong', ['Cong Guo']],
    ['Guo, C.', ['C. Guo']],
    ['de la Fontaine, Jean', ['Jean de la Fontaine']],
    ['Müller, Jörg; Nakamura, Aiko', ['Jörg Müller', 'Aiko Nakamura']],
    ['Smith, John and Doe, Jane', ['John Smith', 'Jane Doe']],
    ['Guo, Cong, Zhang, Chen', ['Cong Guo', 'Chen Zhang']],
    ['Guo, Cong (57194439000); Zhang, Chen (57194439001)', ['Cong Guo', 'Chen Zhang']],
    ['Rossi M., Bianchi L.', ['M. Rossi', 'L. Bianchi']],
    ['Mausam', ['Mausam']],
  ])('%j', (text, authors) => {
    expect(splitAuthorString(text)).toEqual({ authors, truncated: false });
  });

  it('marks lists cut short', () => {
    expect(splitAuthorString('Ana Lopez, Bo Li et al.')).toEqual({ authors: ['Ana Lopez', 'Bo Li'], truncated: true });
    expect(splitAuthorString('Lopez, Ana and others')).toEqual({ authors: ['Ana Lopez'], truncated: true });
  });
});
