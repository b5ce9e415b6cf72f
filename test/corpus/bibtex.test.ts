import { describe, expect, it } from 'vitest';
import { collect, fixture, gzipFixture, parseError, tempDir } from './helpers.js';

const write = tempDir();

describe('BibTeX', () => {
  it('reads a Zotero export: authors as First Last, arXiv id from the entry, keywords as categories', async () => {
    const file = fixture('zotero.bib');
    const { papers } = await collect(file);
    expect(papers[0]).toMatchObject({
      id: '1706.03762',
      arxivId: '1706.03762',
      doi: '10.48550/arXiv.1706.03762',
      title: 'Attention Is All You Need',
      titleRaw: 'Attention {Is} {All} {You} {Need}',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
      categories: ['Computer Science - Computation and Language', 'Computer Science - Machine Learning'],
      date: '2017-06',
      year: 2017,
      url: 'http://arxiv.org/abs/1706.03762',
      source: { file, line: 2, format: 'bibtex' },
      aliases: ['vaswani_attention_2017'],
      extra: { bibtexType: 'article' },
    });
  });

  it('turns LaTeX accents and braces into text in titles, abstracts and names', async () => {
    const { papers } = await collect(fixture('zotero.bib'));
    const cat = papers[1];
    expect(cat.title).toBe("Schrödinger's Cat in Naïve Bayes: Uncertainty & Calibration");
    expect(cat.abstract).toBe(
      'We show that naïve Bayes is over-confident by ≈ 12% and fix it with temperature scaling at O(n log n) cost – see Section 4.',
    );
    expect(cat.authors).toEqual(['Jörg Müller', 'René François', 'Jean de la Fontaine']);
    expect(cat.extra).toMatchObject({ authorsTruncated: true, address: 'Zürich', booktitle: 'Proceedings of the Conference on Uncertainty' });
    expect(cat.id).toMatch(/^h:/);
  });

  it('skips entries without abstract and says why Google Scholar exports have none', async () => {
    const file = fixture('scholar.bib');
    const { papers, skips } = await collect(file);
    expect(papers).toEqual([]);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([
      [1, "BibTeX entry 'vaswani2017attention' has no abstract (Google Scholar exports never include abstracts; export from Zotero, or add an abstract field)"],
      [9, "BibTeX entry 'he2016deep' has no abstract (Google Scholar exports never include abstracts; export from Zotero, or add an abstract field)"],
    ]);
    const zotero = await collect(fixture('zotero.bib'));
    expect(zotero.skips.map((s) => [s.line, s.reason.split(' (')[0]])).toEqual([[27, "BibTeX entry 'no_abstract_zotero' has no abstract"]]);
  });

  it('reads gzipped BibTeX', async () => {
    const { papers } = await collect(gzipFixture(write, 'zotero.bib'));
    expect(papers.map((p) => p.title)).toEqual([
      'Attention Is All You Need',
      "Schrödinger's Cat in Naïve Bayes: Uncertainty & Calibration",
    ]);
  });

  it('skips a broken entry and goes on with the next, keeping @string definitions', async () => {
    const file = write(
      'broken.bib',
      [
        '@string{nips = "Advances in Neural Information Processing Systems"}',
        '@article{broken,',
        '  title = {A title whose brace never closes,',
        '  abstract = {Lost.},',
        '',
        '@article{fine,',
        '  title = {Fine Entry},',
        '  journal = nips,',
        '  abstract = {Still read.},',
        '  eprint = {2401.01234},',
        '  archivePrefix = {arXiv},',
        '}',
        '',
      ].join('\n'),
    );
    const { papers, skips } = await collect(file);
    expect(papers.map((p) => [p.id, p.title, p.extra?.journal])).toEqual([
      ['2401.01234', 'Fine Entry', 'Advances in Neural Information Processing Systems'],
    ]);
    expect(skips).toHaveLength(1);
    expect(skips[0].line).toBe(2);
    expect(skips[0].reason).toMatch(/^BibTeX entry could not be read/);
  });

  it('makes skipped entries errors under strict', async () => {
    const err = await parseError(fixture('scholar.bib'), { strict: true });
    expect(err.message).toMatch(/scholar\.bib:1: BibTeX entry 'vaswani2017attention' has no abstract/);
  });
});
