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
    sources: [{ file: 'a.jsonl', line: 1, format: 'jsonl' }],
    ...over,
  };
}

describe('mergePapers', () => {
  const arxivRecord = paper({
    id: '2503.11731',
    arxivId: '2503.11731',
    title: 'Sensor Simulation via Gaussian Splatting: Scalable Editing of LiDAR and Camera Scenes for Autonomous Driving',
    abstract: `Simulating sensors realistically is central to testing autonomous vehicles. ${'We render camera and LiDAR from one set of Gaussians. '.repeat(26)}`.trim(),
    authors: Array.from({ length: 16 }, (_, i) => (i === 0 ? 'Xianming Zeng' : `Author Number${i}`)),
    categories: ['cs.CV', 'cs.RO'],
    date: '2025-03-18',
    dateRaw: '2025-03-18T17:59:58Z',
    year: 2025,
    url: 'http://arxiv.org/abs/2503.11731v2',
    source: { file: 'arxiv.jsonl', line: 7, format: 'jsonl' },
    sources: [{ file: 'arxiv.jsonl', line: 7, format: 'jsonl' }],
  });
  const bibtexRecord = paper({
    id: '2503.11731',
    arxivId: '2503.11731',
    title: 'Sensor Simulation via Gaussian Splatting: Scalable Editing of LiDAR and Camera Scenes for Autonomous Driving',
    abstract: 'Simulating sensors realistically is central to testing autonomous vehicles. '.repeat(4).trim(),
    authors: ['X. Zeng'],
    date: '2025',
    year: 2025,
    doi: '10.1109/LRA.2025.3551234',
    aliases: ['zeng_sensor_2025'],
    extra: { bibtexType: 'article', journal: 'IEEE Robotics and Automation Letters' },
    source: { file: 'zotero.bib', line: 3, format: 'bibtex' },
    sources: [{ file: 'zotero.bib', line: 3, format: 'bibtex' }],
  });

  it('keeps the best of both: long abstract, full author list, categories, DOI, key, precise date, every source', () => {
    expect(arxivRecord.abstract.length).toBeGreaterThan(1400);
    expect(bibtexRecord.abstract.length).toBeLessThan(320);
    const merged = mergePapers(arxivRecord, bibtexRecord);
    expect(merged).toMatchObject({
      id: '2503.11731',
      abstract: arxivRecord.abstract,
      categories: ['cs.CV', 'cs.RO'],
      date: '2025-03-18',
      doi: '10.1109/LRA.2025.3551234',
      aliases: ['zeng_sensor_2025'],
      url: 'http://arxiv.org/abs/2503.11731v2',
      extra: { bibtexType: 'article', journal: 'IEEE Robotics and Automation Letters' },
      source: { file: 'arxiv.jsonl', line: 7 }, // where the kept abstract was read
    });
    expect(merged.authors).toHaveLength(16);
    expect(merged.authors[0]).toBe('Xianming Zeng');
    expect(merged.sources.map((s) => `${s.file}:${s.line}`)).toEqual(['arxiv.jsonl:7', 'zotero.bib:3']);
  });

  it('gives the same paper whichever record comes first, and merging a record again changes nothing', () => {
    const ab = mergePapers(arxivRecord, bibtexRecord);
    const ba = mergePapers(bibtexRecord, arxivRecord);
    expect(JSON.stringify(ba)).toBe(JSON.stringify(ab)); // same fields, same key order: stored the same
    expect(JSON.stringify(mergePapers(ab, bibtexRecord))).toBe(JSON.stringify(ab));
    expect(JSON.stringify(mergePapers(arxivRecord, ab))).toBe(JSON.stringify(ab));
  });

  it('is symmetric on ties too: equal-length abstracts, the same DOI written in two cases, dates as precise', () => {
    const x = paper({ id: '10.1016/j.jbi.2021.103712', doi: '10.1016/J.JBI.2021.103712', abstract: 'Abstract one, version A.', date: '2021-03-15', hasCode: false, source: { file: 'a.ris', line: 1, format: 'ris' }, sources: [{ file: 'a.ris', line: 1, format: 'ris' }] });
    const y = paper({ id: '10.1016/j.jbi.2021.103712', doi: '10.1016/j.jbi.2021.103712', abstract: 'Abstract one, version B.', date: '2021-03-14', hasCode: true, source: { file: 'b.json', line: 4, format: 'json' }, sources: [{ file: 'b.json', line: 4, format: 'json' }] });
    const xy = mergePapers(x, y);
    expect(JSON.stringify(mergePapers(y, x))).toBe(JSON.stringify(xy));
    expect(xy).toMatchObject({ id: '10.1016/j.jbi.2021.103712', doi: '10.1016/J.JBI.2021.103712', date: '2021-03-14', hasCode: true, abstract: 'Abstract one, version A.' });
    expect(xy.aliases).toBeUndefined(); // one DOI in two spellings is one DOI
  });

  it('a journal DOI and an arXiv DOI: the journal one is the DOI, the other a name the paper goes by', () => {
    const fromArxiv = paper({ id: '1706.03762', arxivId: '1706.03762', doi: '10.48550/arXiv.1706.03762' });
    const fromJournal = paper({ id: '10.5555/3295222.3295349', doi: '10.5555/3295222.3295349', pmid: '99999999' });
    const merged = mergePapers(fromArxiv, fromJournal);
    expect(merged).toMatchObject({ id: '1706.03762', doi: '10.5555/3295222.3295349', pmid: '99999999', aliases: ['10.48550/arXiv.1706.03762'] });
    expect(mergePapers(fromJournal, fromArxiv)).toEqual(merged);
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
    for (const merged of [mergePapers(listing, full), mergePapers(full, listing)]) {
      expect(merged.authors).toEqual(['Cong Guo', 'Chen Zhang', 'Jingwen Leng', 'Yuhao Zhu', 'Minyi Guo']);
      expect(merged.extra?.authorsTruncated).toBeUndefined();
      expect(merged.categories).toEqual(['cs.LG', 'cs.AR']);
      expect(new Set(merged.orgs)).toEqual(new Set(['microsoft-research', 'sjtu']));
    }
  });

  it('an et al. list longer than a complete one keeps its names and adds the others', () => {
    const listing = paper({ authors: ['Cong Guo', 'Chen Zhang', 'Jingwen Leng'], extra: { authorsTruncated: true } });
    const short = paper({ authors: ['Cong Guo', 'Minyi Guo'] });
    expect(mergePapers(short, listing).authors).toEqual(['Cong Guo', 'Chen Zhang', 'Jingwen Leng', 'Minyi Guo']);
    expect(mergePapers(short, listing).extra?.authorsTruncated).toBe(true);
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
    expect(attention?.sources.map((s) => s.file)).toEqual([fixture('arxiv.jsonl'), fixture('zotero.bib')]);
    expect(attention).toMatchObject({
      source: { file: fixture('arxiv.jsonl') }, // both have this abstract: the first source in file order
      doi: '10.48550/arXiv.1706.03762', // filled in from the BibTeX copy
      categories: ['Computer Science - Computation and Language', 'Computer Science - Machine Learning', 'cs.CL', 'cs.LG'],
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
    const lines = Array.from({ length: 1500 }, (_, i) => `{"title": "T${i}"}`);
    lines.push('{"title": "One real paper", "abstract": "So that the file has papers and its skips are listed."}');
    const file = write('titles-only.jsonl', lines.join('\n'));
    const summary = await readCorpus([file]);
    expect([summary.skipped.length, summary.skippedCount]).toEqual([1000, 1500]);
  });

  it('passes strict on to the parsers', async () => {
    const err = await parseError(fixture('arxiv.jsonl'), { strict: true });
    expect(err.message).toContain(':5: record "A Record Without Abstract" has no abstract.');
  });
});
