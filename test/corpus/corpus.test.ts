import { describe, expect, it } from 'vitest';
import { Deduper, mergePapers, paperId, readCorpus, type Paper } from '../../src/corpus/index.js';
import { fixture, parseError, tempDir } from './helpers.js';

const write = tempDir();

function paper(over: Partial<Paper>): Paper {
  return {
    id: 'h:000000000000',
    title: 'A Title',
    abstract: 'An abstract.',
    authors: [],
    source: { file: 'a.jsonl', line: 1, format: 'jsonl' },
    ...over,
  };
}

describe('mergePapers', () => {
  it('keeps the first copy and fills what it lacks from the second', () => {
    const a = paper({ id: '2401.00001', arxivId: '2401.00001', title: 'First Title', authors: ['Ana Lopez'], date: '2024' });
    const b = paper({
      id: '2401.00001',
      title: 'Second Title',
      doi: '10.1/x',
      url: 'https://example.org',
      hasCode: true,
      date: '2024-01-15',
      dateRaw: 'Jan 15, 2024',
      categories: ['cs.LG'],
      source: { file: 'b.bib', line: 9, format: 'bibtex' },
    });
    const merged = mergePapers(a, b);
    expect(merged).toMatchObject({
      id: '2401.00001',
      title: 'First Title',
      doi: '10.1/x',
      url: 'https://example.org',
      hasCode: true,
      date: '2024-01-15', // the more precise date of the same year
      categories: ['cs.LG'],
      source: { file: 'a.jsonl' },
    });
  });

  it('completes an et al. list from a full one and joins categories and orgs', () => {
    const listing = paper({
      authors: ['Cong Guo', 'Chen Zhang', 'Jingwen Leng'],
      orgs: ['microsoft-research'],
      categories: ['cs.LG'],
      extra: { authorsTruncated: true },
    });
    const full = paper({
      authors: ['C. Guo', 'Chen Zhang', 'Jingwen Leng', 'Yuhao Zhu', 'Minyi Guo'],
      orgs: ['sjtu'],
      categories: ['cs.LG', 'cs.AR'],
    });
    const merged = mergePapers(listing, full);
    expect(merged.authors).toEqual(['Cong Guo', 'Chen Zhang', 'Jingwen Leng', 'Yuhao Zhu', 'Minyi Guo']);
    expect(merged.extra?.authorsTruncated).toBeUndefined();
    expect(merged.orgs).toEqual(['microsoft-research', 'sjtu']);
    expect(merged.categories).toEqual(['cs.LG', 'cs.AR']);
  });

  it('keeps et al. when both lists are cut short, adding the names only the second has', () => {
    const a = paper({ authors: ['Ana Lopez', 'Bo Li'], extra: { authorsTruncated: true } });
    const b = paper({ authors: ['Ana López', 'Chi Wu'], extra: { authorsTruncated: true } });
    const merged = mergePapers(a, b);
    expect(merged.authors).toEqual(['Ana Lopez', 'Bo Li', 'Chi Wu']);
    expect(merged.extra?.authorsTruncated).toBe(true);
  });
});

describe('Deduper', () => {
  it('reports repeats of an id, and of an arXiv id or DOI a later copy carries', () => {
    const d = new Deduper();
    const text = { title: 'Same Paper', abstract: 'x'.repeat(150) };
    expect(d.record(paper({ id: '10.1/abc', doi: '10.1/abc', ...text }))).toBeUndefined();
    expect(d.record(paper({ id: '10.1/abc', doi: '10.1/abc', ...text }))).toBe('10.1/abc');
    // known by its arXiv id here, but it also carries the DOI seen before
    expect(d.record(paper({ id: '2401.00001', arxivId: '2401.00001', doi: '10.1/abc', ...text }))).toBe('10.1/abc');
    // and now the arXiv id alone is known too
    expect(d.record(paper({ id: '2401.00001', arxivId: '2401.00001', title: 'Other' }))).toBe('10.1/abc');
    expect(d.record(paper({ id: '10.1/other', doi: '10.1/other', title: 'Different', abstract: 'y'.repeat(150) }))).toBeUndefined();
    expect(d.duplicates).toBe(3);
  });

  it('matches a paper with an id to the same text without one, unless the abstract is boilerplate', () => {
    const d = new Deduper();
    const abstract = 'We measure the energy of 400 training runs and find that data loading, not compute, dominates small jobs.';
    expect(d.record(paper({ id: '10.5555/energy', doi: '10.5555/energy', title: 'Energy Use', abstract }))).toBeUndefined();
    // the same text from a source with no identifier (a listing file): its id is the hash of the text
    const fromListing = paper({ id: paperId({ title: 'Energy use', abstract }), title: 'Energy use', abstract });
    expect(d.record(fromListing)).toBe('10.5555/energy');
    const short = new Deduper();
    short.record(paper({ id: '10.1/a', doi: '10.1/a', title: 'Editorial', abstract: 'No abstract available.' }));
    expect(short.record(paper({ id: '10.1/b', doi: '10.1/b', title: 'Editorial', abstract: 'No abstract available.' }))).toBeUndefined();
  });
});

describe('readCorpus', () => {
  it('merges the same paper from several files and formats, counting formats, skips and duplicates', async () => {
    const files = [fixture('arxiv.jsonl'), fixture('zotero.bib'), fixture('openalex.jsonl'), fixture('openalex-page.json')];
    const summary = await readCorpus(files);
    const ids = summary.papers.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Attention Is All You Need is in arxiv.jsonl and zotero.bib; two OpenAlex works are in both OpenAlex files
    expect(summary.duplicates).toBe(3);
    expect(summary.papers).toHaveLength(4 + 1 + 2);
    const attention = summary.papers.find((p) => p.id === '1706.03762');
    expect(attention).toMatchObject({
      source: { file: fixture('arxiv.jsonl') },
      doi: '10.48550/arxiv.1706.03762', // filled in from the BibTeX copy
      categories: ['cs.CL', 'cs.LG', 'Computer Science - Computation and Language', 'Computer Science - Machine Learning'],
    });
    expect(summary.formats).toEqual({ jsonl: 4 + 2, bibtex: 2, json: 2 });
    expect(summary.files.map((f) => [f.format, f.papers, f.skipped])).toEqual([
      ['jsonl', 4, 1],
      ['bibtex', 2, 1],
      ['jsonl', 2, 1],
      ['json', 2, 0],
    ]);
    expect(summary.skippedCount).toBe(3);
    expect(summary.skipped.map((s) => s.line)).toEqual([5, 27, 3]);
    expect(summary.limitReached).toBe(false);
  });

  it('stops at the limit of distinct papers', async () => {
    const summary = await readCorpus([fixture('arxiv.jsonl'), fixture('papers.json')], { limit: 5 });
    expect(summary.papers.map((p) => p.title)).toEqual([
      'Attention Is All You Need',
      'Sensor Simulation via Gaussian Splatting: Scalable Editing',
      'Federated Learning on Edge Devices',
      'Sparse Mixture of Experts for Speech',
      'Low-Rank Adapters for Vision Transformers',
    ]);
    expect(summary.limitReached).toBe(true);
    expect((await readCorpus([fixture('arxiv.jsonl')], { limit: 0 })).papers).toEqual([]);
    await expect(readCorpus([fixture('arxiv.jsonl')], { limit: -1 })).rejects.toThrow(/--limit -1/);
  });

  it('fails on the first unreadable file, naming it', async () => {
    const missing = write('missing-dir-marker') + '-nope.jsonl';
    await expect(readCorpus([fixture('arxiv.jsonl'), missing])).rejects.toThrow(`${missing}: no such file.`);
  });

  it('keeps at most a thousand skip notes but counts them all', async () => {
    const file = write('titles-only.jsonl', Array.from({ length: 1500 }, (_, i) => `{"title": "T${i}"}`).join('\n'));
    const summary = await readCorpus([file]);
    expect([summary.skipped.length, summary.skippedCount]).toEqual([1000, 1500]);
  });

  it('passes strict on to the parsers', async () => {
    const err = await parseError(fixture('arxiv.jsonl'), { strict: true });
    expect(err.message).toContain(':5: record "A Record Without Abstract" has no abstract.');
  });
});
