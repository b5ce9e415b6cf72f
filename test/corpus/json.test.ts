import { describe, expect, it } from 'vitest';
import { byTitle, collect, fixture, gzipFixture, parseError, tempDir } from './helpers.js';

const write = tempDir();

describe('JSON Lines', () => {
  it('reads arXiv-style records with their aliases and keeps unknown fields in extra', async () => {
    const file = fixture('arxiv.jsonl');
    const { papers } = await collect(file);
    expect(papers.map((p) => p.title)).toEqual([
      'Attention Is All You Need',
      'Sensor Simulation via Gaussian Splatting: Scalable Editing',
      'Federated Learning on Edge Devices',
      'Sparse Mixture of Experts for Speech',
    ]);
    const attention = papers[0];
    expect(attention).toMatchObject({
      id: '1706.03762',
      arxivId: '1706.03762',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
      categories: ['cs.CL', 'cs.LG'],
      date: '2017-06-12',
      year: 2017,
      source: { file, line: 1, format: 'jsonl' },
    });
    expect(attention.extra).toBeUndefined(); // primary_category is folded into categories

    // `summary`, `published`, `{name}` authors, space-separated categories, an id inside an arXiv URL
    const splat = papers[1];
    expect(splat).toMatchObject({
      id: '2503.11731',
      title: 'Sensor Simulation via Gaussian Splatting: Scalable Editing',
      titleRaw: 'Sensor Simulation via Gaussian Splatting: \\textbf{Scalable} Editing',
      abstract: 'Gaussian splatting renders LiDAR and camera data 4.2× faster than NeRF-based simulators while keeping α-blending exact.',
      authors: ['Xianming Zeng', 'Sicong Du'],
      categories: ['cs.CV', 'cs.RO'],
      date: '2025-03-18',
      dateRaw: '2025-03-18T17:59:58Z',
      extra: { comment: '12 pages' },
    });

    // capitalised keys, one author string `A, B and C`, a DOI URL, keywords standing in for categories
    const fl = papers[2];
    expect(fl).toMatchObject({
      id: '10.1145/3600000.3600001',
      doi: '10.1145/3600000.3600001',
      authors: ['Jane Doe', 'John Smith', 'Wei Zhang'],
      categories: ['federated learning', 'edge computing'],
      year: 2023,
      source: { line: 4 },
    });
    expect(fl.titleRaw).toBeUndefined();

    // no arXiv id and no DOI: a hash id; `et al.` inside the author array
    const moe = papers[3];
    expect(moe.id).toMatch(/^h:[0-9a-f]{12}$/);
    expect(moe.authors).toEqual(['Ana Lopez']);
    expect(moe.extra).toEqual({ venue: 'Interspeech', authorsTruncated: true });
  });

  it('skips a record without abstract, naming its line and title', async () => {
    const file = fixture('arxiv.jsonl');
    const { skips } = await collect(file);
    expect(skips).toEqual([{ file, line: 5, reason: 'record "A Record Without Abstract" has no abstract' }]);
  });

  it('makes a missing abstract an error under strict', async () => {
    const err = await parseError(fixture('arxiv.jsonl'), { strict: true });
    expect(err.message).toBe(`${fixture('arxiv.jsonl')}:5: record "A Record Without Abstract" has no abstract.`);
  });

  it('skips a broken line, naming file and line, and reads on; --strict stops there', async () => {
    const file = fixture('broken.jsonl');
    const { papers, skips } = await collect(file);
    expect(papers.map((p) => p.title)).toEqual(['Good line', 'Another good line', 'After the damage']);
    expect(skips).toHaveLength(1);
    expect(skips[0]).toMatchObject({ file, line: 3 });
    expect(skips[0].reason).toMatch(/^not valid JSON \(/);
    const err = await parseError(file, { strict: true });
    expect(err.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not valid JSON`));
  });

  it('skips a line that is not an object', async () => {
    const file = write('array-line.jsonl', '{"title": "T", "abstract": "A"}\n["not", "an", "object"]\n');
    const { papers, skips } = await collect(file);
    expect(papers).toHaveLength(1);
    expect(skips).toEqual([{ file, line: 2, reason: 'expected a JSON object (one paper per line), found an array' }]);
    expect((await parseError(file, { strict: true })).message).toBe(`${file}:2: expected a JSON object (one paper per line), found an array.`);
  });

  it('reads gzipped JSON Lines the same way', async () => {
    const plain = await collect(fixture('arxiv.jsonl'));
    const gz = await collect(gzipFixture(write, 'arxiv.jsonl'));
    expect(gz.papers.map((p) => [p.id, p.title, p.authors])).toEqual(plain.papers.map((p) => [p.id, p.title, p.authors]));
  });

  it('applies --map overrides before the aliases', async () => {
    const file = write(
      'mapped.jsonl',
      '{"name": "Paper Name", "heading": "The Real Title", "blurb": "The abstract is here.", "abstract": "Not this one.", "people": "Kim Lee; Park, Ji"}\n',
    );
    const { papers } = await collect(file, { fieldMap: { title: 'Heading', abstract: 'blurb', authors: 'people' } });
    expect(papers[0]).toMatchObject({
      title: 'The Real Title',
      abstract: 'The abstract is here.',
      authors: ['Kim Lee', 'Ji Park'],
      extra: { name: 'Paper Name', abstract: 'Not this one.' },
    });
  });

  it('reaches into nested objects with a dotted --map path', async () => {
    const file = write('nested.jsonl', '{"title": "T", "meta": {"text": {"summary": "Deep abstract."}}}\n');
    const { papers } = await collect(file, { fieldMap: { abstract: 'meta.text.summary' } });
    expect(papers[0].abstract).toBe('Deep abstract.');
  });

  it('rejects an unknown field in --map', async () => {
    const err = await parseError(fixture('arxiv.jsonl'), { fieldMap: { abstrakt: 'summary' } });
    expect(err.message).toBe("--map abstrakt=summary: 'abstrakt' is not a paper field.");
    expect(err.hint).toContain('abstract');
  });
});

describe('OpenAlex works', () => {
  it('rebuilds the abstract from the inverted index and reads authorships', async () => {
    const file = fixture('openalex.jsonl');
    const { papers, skips } = await collect(file);
    const gnn = byTitle(papers, 'Size Generalisation in Graph Neural Networks');
    expect(gnn).toMatchObject({
      id: '2310.04567',
      arxivId: '2310.04567',
      doi: '10.1109/TPAMI.2024.1234567',
      abstract:
        'Graph neural networks learn from relational data. We show that graph neural networks with attention generalise to unseen graph sizes when trained with curriculum sampling.',
      authors: ['Marta Kowalska', 'Rui Zhang'],
      orgs: ['University of Warsaw', 'Tsinghua University'],
      categories: ['Graph Neural Networks', 'Curriculum Learning'],
      date: '2024-05-02',
      year: 2024,
      url: 'https://doi.org/10.1109/TPAMI.2024.1234567',
      extra: { openalex: 'https://openalex.org/W4390000001', venue: 'IEEE Transactions on Pattern Analysis and Machine Intelligence' },
    });
    // bulky lists of the work stay out of the paper
    expect(gnn.extra).not.toHaveProperty('referenced_works');
    const repair = byTitle(papers, 'Repairing Tests with Language Models');
    expect(repair.id).toMatch(/^h:/);
    expect(repair.categories).toEqual(['Computer science']); // concepts when there are no topics
    expect(skips).toEqual([{ file, line: 3, reason: 'record "A Work Without Abstract" has no abstract' }]);
  });

  it('applies --map on top of the OpenAlex reading', async () => {
    const work = {
      id: 'https://openalex.org/W1',
      display_name: 'A Work With A Custom Summary',
      abstract_inverted_index: null,
      custom: { summary: 'The summary a harvesting script added.' },
      authorships: [{ author: { display_name: 'Sam Okafor' } }],
    };
    const file = write('custom-openalex.jsonl', `${JSON.stringify(work)}\n`);
    const { papers } = await collect(file, { fieldMap: { abstract: 'custom.summary' } });
    expect(papers[0]).toMatchObject({
      title: 'A Work With A Custom Summary',
      abstract: 'The summary a harvesting script added.',
      authors: ['Sam Okafor'],
      extra: { openalex: 'https://openalex.org/W1' },
    });
  });

  it('reads an OpenAlex API page, streaming the results array', async () => {
    const file = fixture('openalex-page.json');
    const { papers, skips } = await collect(file);
    expect(papers.map((p) => [p.title, p.source.line, p.source.format])).toEqual([
      ['Size Generalisation in Graph Neural Networks', 9, 'json'],
      ['Repairing Tests with Language Models', 150, 'json'],
    ]);
    expect(skips).toEqual([]);
  });
});

describe('JSON documents', () => {
  it('reads an array of paper objects, with lines', async () => {
    const file = fixture('papers.json');
    const { papers, skips } = await collect(file);
    expect(papers.map((p) => [p.id, p.title, p.authors, p.source.line])).toEqual([
      ['2402.01234', 'Low-Rank Adapters for Vision Transformers', ['Priya Raman', 'Tomás Ortega'], 2],
      ['10.5555/energy.2023.7', 'Energy Use of Training Runs', ['Kemi Oduya', 'Tom Lind'], 16],
    ]);
    expect(papers[0].abstract).toContain('with 0.5% of the parameters');
    expect(skips).toEqual([{ file, line: 23, reason: 'record "Missing Everything Else" has no abstract' }]);
  });

  it('reads gzipped JSON arrays', async () => {
    const { papers } = await collect(gzipFixture(write, 'papers.json'));
    expect(papers).toHaveLength(2);
  });

  it('reads pretty-printed objects one after another (jq output)', async () => {
    const file = write(
      'jq.json',
      '{\n  "title": "First",\n  "abstract": "One."\n}\n{\n  "title": "Second",\n  "abstract": "Two."\n}\n',
    );
    const { papers } = await collect(file);
    expect(papers.map((p) => [p.title, p.source.line])).toEqual([
      ['First', 1],
      ['Second', 5],
    ]);
  });

  it('skips an element with a syntax error, naming its line, and reads the others', async () => {
    const file = write('bad.json', '[\n  {"title": "A", "abstract": "B"},\n  {"title": "C",\n   "abstract": "D",,}\n]\n');
    const { papers, skips } = await collect(file);
    expect(papers.map((p) => p.title)).toEqual(['A']);
    expect(skips.map((s) => [s.line, s.reason.split(' (')[0]])).toEqual([[4, 'not valid JSON']]);
    expect((await parseError(file, { strict: true })).message).toMatch(/bad\.json:4: not valid JSON/);
  });

  it('reports a cut-off document and elements that are not objects', async () => {
    const cut = write('cut.json', '[\n  {"title": "A", "abstract": "B"},\n  {"title": "C", "abs');
    expect((await parseError(cut)).message).toBe(`${cut}:3: the file ends inside a JSON value (is it cut off?).`);
    const numbers = write('numbers.json', '[1, 2, 3]');
    expect((await parseError(numbers)).message).toBe(`${numbers}:1: found '1' where a paper object was expected.`);
  });

  it('explains a wrapper object whose list it does not know', async () => {
    const file = write('wrapped.json', '{"count": 1, "documents": [{"title": "A", "abstract": "B"}]}');
    const err = await parseError(file);
    expect(err.message).toContain("Keys found: count, documents. If its list 'documents' holds the papers, note that paperscope only looks inside results");
  });
});
