import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/corpus/index.js';
import { byTitle, collect, fixture, gzipFixture, parseError, tempDir } from './helpers.js';

const write = tempDir();

describe('RIS', () => {
  it('reads a Scopus export: DOI as written, Last, F. authors, keywords, journal and pages', async () => {
    const file = fixture('scopus.ris');
    const { papers, skips } = await collect(file);
    expect(skips).toEqual([]);
    expect(papers).toHaveLength(2);
    expect(papers[0]).toMatchObject({
      id: '10.1109/lra.2025.3551234',
      doi: '10.1109/LRA.2025.3551234',
      title: 'Sensor Simulation via Gaussian Splatting: Scalable Editing of LiDAR and Camera Scenes for Autonomous Driving',
      authors: ['X. Zeng', 'S. Du', 'Q. Chen', 'L. Liu'],
      categories: ['Autonomous driving', 'Gaussian splatting', 'LiDAR simulation', 'Sensor simulation'],
      year: 2025,
      source: { file, line: 1, format: 'ris' },
      extra: { type: 'JOUR', journal: 'IEEE Robotics and Automation Letters', volume: '10', issue: '5', pages: '4512–4519', database: 'Scopus' },
    });
    expect(papers[0].abstract).toMatch(/^Simulating sensors realistically/);
    expect(papers[1].authors).toEqual(['M.L. Rossi', 'A. Bianchi']);
    expect(papers[1].source.line).toBe(29);
  });

  it('reads an EndNote export (BOM, CRLF, wrapped abstract, N2, DOI in M3, record ids) and skips a record without abstract', async () => {
    const file = fixture('endnote.ris');
    const { papers, skips } = await collect(file);
    const clinical = papers[0];
    expect(clinical).toMatchObject({
      id: '10.1016/j.jbi.2021.103712',
      doi: '10.1016/J.JBI.2021.103712',
      authors: ['María García', 'Jörg Müller', 'Jan van der Berg', "Siobhán O'Neil"],
      categories: ['Calibration', 'Uncertainty', 'Electronic health records'],
      date: '2021-03-15',
      year: 2021,
      aliases: ['1842'],
    });
    // The abstract went on over three more lines; they are one paragraph.
    expect(clinical.abstract).toMatch(/differ from the training data\. We compare temperature scaling, ensembles and conformal/);
    expect(clinical.abstract).toMatch(/lose up to 9 points\.$/);
    const survival = byTitle(papers, 'Federated survival analysis without sharing patient-level data');
    expect(survival).toMatchObject({ doi: '10.1002/sim.9571', date: '2022-11', year: 2022, aliases: ['1844'] });
    expect(survival.abstract).toMatch(/^Survival models fitted across hospitals/);
    expect(skips).toEqual([{ file, line: 24, reason: 'record "A chapter EndNote knows only by its title" has no abstract' }]);
  });

  it('is recognised by its content whatever the file is called, and gzipped', async () => {
    const renamed = write('export.txt', (await import('node:fs')).readFileSync(fixture('scopus.ris')));
    expect((await collect(renamed)).papers).toHaveLength(2);
    expect((await collect(gzipFixture(write, 'scopus.ris'))).papers).toHaveLength(2);
  });
});

describe('MEDLINE (.nbib)', () => {
  it('reads PubMed records: continuation lines, full author names, DOI from LID/AID, DP as the date, PMID when there is no DOI', async () => {
    const file = fixture('pubmed.nbib');
    const { papers, skips } = await collect(file);
    expect(papers.map((p) => p.id)).toEqual(['10.1038/s41586-023-06789-1', 'pmid:36543210']);
    const atlas = papers[0];
    expect(atlas).toMatchObject({
      title: 'Single-cell atlas of the human retina reveals cell types that mediate age-related macular degeneration risk.',
      authors: ['Anna Müller', 'Chidi Okafor', 'Ebba Svensson'],
      orgs: ['Institute of Molecular and Clinical Ophthalmology Basel, Basel, Switzerland.', 'Department of Ophthalmology, University of Washington, Seattle, WA, USA.'],
      date: '2023-12',
      year: 2023,
      doi: '10.1038/s41586-023-06789-1',
      pmid: '38012345',
      url: 'https://pubmed.ncbi.nlm.nih.gov/38012345/',
      extra: { journal: 'Nature', epub: '2023-11-29', language: 'eng' },
    });
    expect(atlas.abstract).toMatch(/remain unclear\. Here we profile 1\.2 million nuclei/);
    expect(atlas.categories).toContain('Macular Degeneration');
    const wearable = papers[1];
    expect(wearable).toMatchObject({ pmid: '36543210', date: '2023-01', year: 2023, authors: ['Karin Lindqvist', 'Rohan J Patel', 'HEART-WEAR Investigators'] });
    expect(wearable.doi).toBeUndefined();
    expect(wearable.abstract).toMatch(/^BACKGROUND: Readmission after heart failure is common and costly\. METHODS: We followed/);
    expect(skips.map((s) => s.line)).toEqual([87]);
  });
});

describe('PubMed XML', () => {
  it('reads a PubmedArticleSet: structured abstracts with their labels, inline markup, collective authors, PubDate', async () => {
    const file = fixture('pubmed.xml');
    const { papers, skips } = await collect(file);
    expect(skips).toEqual([]);
    expect(papers[0]).toMatchObject({
      id: '10.1038/s41586-023-06789-1',
      pmid: '38012345',
      authors: ['Anna Müller', 'Chidi Okafor', 'Ebba Svensson'],
      date: '2023-12',
      source: { file, line: 4, format: 'pubmed-xml' },
      extra: { journal: 'Nature', epub: '2023-11-29', publicationTypes: ['Journal Article'] },
    });
    expect(papers[0].categories).toEqual(['single-cell RNA sequencing', 'retina', 'Aged', 'Macular Degeneration']);
    const wearable = papers[1];
    expect(wearable.id).toBe('pmid:36543210');
    expect(wearable.title).toBe('Wearable sensor data predict hospital readmission after heart failure in NYHA class II–III patients: a multicentre cohort study.');
    expect(wearable.abstract).toBe(
      'BACKGROUND: Readmission after heart failure is common and costly. METHODS: We followed 1,046 patients wearing a wrist sensor for 30 days after discharge from five hospitals. RESULTS: Step counts and resting heart rate in the first week predicted readmission (AUC 0.78) better than the clinical score (AUC 0.64; p < 0.001). CONCLUSIONS: Passive sensing can flag patients at risk early enough to intervene.',
    );
    expect(wearable.authors).toEqual(['Karin Lindqvist', 'Rohan J Patel', 'HEART-WEAR Investigators']);
    expect(wearable.date).toBe('2023-01');
  });

  it('the same article from MEDLINE text and from XML reads the same', async () => {
    const [text, xml] = await Promise.all([collect(fixture('pubmed.nbib')), collect(fixture('pubmed.xml'))]);
    const pick = (p: (typeof text.papers)[number]) => ({ id: p.id, title: p.title, abstract: p.abstract, authors: p.authors, date: p.date, doi: p.doi });
    expect(pick(xml.papers[0])).toEqual(pick(text.papers[0]));
  });

  it('a cut-off file is a one-line error naming the line, not a crash', async () => {
    const full = (await import('node:fs')).readFileSync(fixture('pubmed.xml'), 'utf8');
    const cut = write('cut.xml', full.slice(0, full.indexOf('<AuthorList', full.indexOf('36543210'))));
    const err = await parseError(cut);
    expect(err.message).toMatch(/^.*cut\.xml:\d+: not well-formed XML/);
    expect(err.hint).toMatch(/cut off or damaged/);
  });
});

describe('arXiv API (Atom)', () => {
  it('reads entries: id without version, whitespace collapsed, published as the date, DOI, primary category first', async () => {
    const file = fixture('arxiv-api.atom');
    const { papers } = await collect(file);
    expect(papers.map((p) => p.id)).toEqual(['2503.11731', 'cs/0112017', '2401.04088']);
    const splat = papers[0];
    expect(splat).toMatchObject({
      title: 'Sensor Simulation via Gaussian Splatting: Scalable Editing of LiDAR and Camera Scenes for Autonomous Driving',
      date: '2025-03-18',
      year: 2025,
      doi: '10.1109/LRA.2025.3551234',
      categories: ['cs.CV', 'cs.RO'],
      orgs: ['Zhejiang University'],
      url: 'http://arxiv.org/abs/2503.11731v2',
      extra: { journalRef: 'IEEE Robotics and Automation Letters 10(5), 2025', comment: '12 pages, 9 figures; project page with code' },
    });
    expect(splat.authors).toHaveLength(16);
    expect(splat.abstract).not.toMatch(/\s{2}|\n/);
    expect(splat.abstract).toMatch(/exact α-blending/);
    // The primary category comes first even where the feed lists it later; ACM classes are not categories.
    expect(papers[2].categories).toEqual(['cs.LG', 'cs.CL']);
    expect(papers[1]).toMatchObject({ categories: ['cs.LO', 'cs.AI'], extra: { classes: ['F.4.1; I.2.3'] }, date: '2001-12-20' });
  });

  it('an API error answer is a skip that says what arXiv said', async () => {
    const { papers, skips } = await collect(fixture('arxiv-api-error.atom'));
    expect(papers).toEqual([]);
    expect(skips[0].reason).toBe('the arXiv API answered with an error: incorrect id format for 2503.1173x');
  });

  it('other XML is refused with a message naming what is read', async () => {
    const rss = write('feed.xml', '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>\n');
    const err = await parseError(rss);
    expect(err.message).toMatch(/is XML that paperscope does not read \(neither PubMed XML nor an arXiv API Atom feed\)/);
    const blog = write('blog.atom', '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>A blog</title><entry><title>Post</title><summary>Text</summary></entry></feed>\n');
    expect((await parseError(blog)).message).toMatch(/blog\.atom is XML that paperscope does not read/);
  });
});

describe('Semantic Scholar API', () => {
  it('a search page: externalIds become the ids, publicationDate the date, paperId an alias', async () => {
    const file = fixture('semantic-scholar-search.json');
    const { papers, skips } = await collect(file);
    expect(papers[0]).toMatchObject({
      id: '1706.03762',
      arxivId: '1706.03762',
      doi: '10.48550/arXiv.1706.03762',
      date: '2017-06-12',
      year: 2017,
      authors: ['Ashish Vaswani', 'Noam M. Shazeer', 'Niki Parmar', 'Jakob Uszkoreit'],
      aliases: ['204e3073870fae3d05bcbc2f6a8e263d9b72e776', 'CorpusId:13756489'],
      extra: { venue: 'Neural Information Processing Systems', citedBy: 152340 },
    });
    expect(papers[1]).toMatchObject({ id: '10.1016/j.jbi.2021.103712', pmid: '33621685', date: '2021-03-15', categories: ['Medicine', 'Computer Science'] });
    expect(skips).toHaveLength(1);
    expect(skips[0].reason).toMatch(/has no abstract/);
  });

  it('a batch answer: a list with null for the ids S2 does not know', async () => {
    const { papers, skips } = await collect(fixture('semantic-scholar-batch.json'));
    expect(papers.map((p) => p.id)).toEqual(['1706.03762', '2401.04088']);
    expect(skips).toEqual([]);
  });
});

describe('Kaggle arXiv metadata snapshot', () => {
  it('dates a paper by its first version, reads old-style ids, space-separated categories and authors_parsed', async () => {
    const file = fixture('arxiv-snapshot.json');
    expect(detectFormat(file, (await import('node:fs')).readFileSync(file, 'utf8'))).toBe('jsonl');
    const { papers } = await collect(file);
    expect(papers[0]).toMatchObject({
      id: '0704.0001',
      date: '2007-04-02',
      year: 2007,
      doi: '10.1103/PhysRevD.76.013009',
      categories: ['hep-ph'],
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan'],
      extra: { journalRef: 'Phys.Rev.D76:013009,2007', reportNo: 'ANL-HEP-PR-07-12', updated: '2008-11-13', versions: 2 },
    });
    expect(papers[0].extra).not.toHaveProperty('authors_parsed');
    expect(papers[1]).toMatchObject({ id: '0704.0002', date: '2007-03-31', categories: ['math.CO', 'cs.CG'] });
    // Two DOIs: the first is the paper's, the other a name it also goes by.
    expect(papers[2]).toMatchObject({ id: 'cs/0112017', date: '2001-12-20', doi: '10.1016/S0004-3702(00)00070-9', aliases: ['10.48550/arXiv.cs/0112017'] });
  });
});

describe('BibTeX accents and Unicode', () => {
  it("{\\'\\i} and \\'{\\i} give í in names and titles, composed (NFC)", async () => {
    const file = write(
      'accents.bib',
      [
        '@article{garcia_indices_2020,',
        "  title = {Estudio de los {\\'\\i}ndices de Mar\\'{\\i}a},",
        "  author = {Garc{\\'\\i}a, Mar{\\'\\i}a and Mart\\'{\\i}nez, Luc\\'{\\i}a and M{\\\"u}ller, J{\\\"o}rg},",
        "  abstract = {An abstract about {\\'\\i}ndices, long enough to be a real abstract of a real paper.},",
        '  year = {2020},',
        '}',
        '',
      ].join('\n'),
    );
    const [p] = (await collect(file)).papers;
    expect(p.authors).toEqual(['María García', 'Lucía Martínez', 'Jörg Müller']);
    expect(p.title).toBe('Estudio de los índices de María');
    for (const text of [p.title, p.abstract, ...p.authors]) {
      expect(text).toBe(text.normalize('NFC'));
      expect(text).not.toMatch(/ı/);
    }
    expect(p.aliases).toEqual(['garcia_indices_2020']);
  });
});

describe('one paper in several exports', () => {
  it('EndNote RIS and Semantic Scholar: the same DOI in two cases is one paper, with the ids and fields of both', async () => {
    const { readCorpus } = await import('../../src/corpus/index.js');
    const summary = await readCorpus([fixture('endnote.ris'), fixture('semantic-scholar-search.json'), fixture('arxiv.jsonl')]);
    const clinical = summary.papers.filter((p) => p.title.startsWith('Calibrated uncertainty for clinical risk models'));
    expect(clinical).toHaveLength(1);
    expect(clinical[0]).toMatchObject({
      id: '10.1016/j.jbi.2021.103712',
      doi: '10.1016/J.JBI.2021.103712',
      pmid: '33621685',
      authors: ['María García', 'Jörg Müller', 'Jan van der Berg', "Siobhán O'Neil"],
      date: '2021-03-15',
    });
    expect(clinical[0].aliases).toEqual(expect.arrayContaining(['1842', '9a1f4e2c0b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f']));
    // Attention Is All You Need from S2 (externalIds.ArXiv) and from the arXiv export: one paper.
    const attention = summary.papers.filter((p) => p.arxivId === '1706.03762');
    expect(attention).toHaveLength(1);
    expect(attention[0].sources.map((s) => s.format).sort()).toEqual(['json', 'jsonl']);
  });
});
