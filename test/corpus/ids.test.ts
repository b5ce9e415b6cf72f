import { describe, expect, it } from 'vitest';
import { arxivIdFromField, arxivIdFromText, normalizeDoi, paperId } from '../../src/corpus/index.js';
import { collect, fixture, tempDir } from './helpers.js';

const write = tempDir();

describe('paper ids', () => {
  it.each([
    ['2503.11731', '2503.11731'],
    ['2503.11731v2', '2503.11731'],
    ['arXiv:2503.11731v3', '2503.11731'],
    ['http://arxiv.org/abs/2503.11731v2', '2503.11731'],
    ['https://arxiv.org/pdf/2310.04567v3', '2310.04567'],
    ['cs/0112017', 'cs/0112017'],
    ['cs/0112017v1', 'cs/0112017'],
    ['math.GT/0309136', 'math/0309136'],
    ['hep-th/9901001v2', 'hep-th/9901001'],
    ['0704.0001', '0704.0001'],
  ])('reads the arXiv id in the id field %j', (field, id) => {
    expect(arxivIdFromField(field)).toBe(id);
  });

  it('finds arXiv ids in BibTeX journal, note, url and DOI text, and nowhere else', () => {
    expect(arxivIdFromText('arXiv preprint arXiv:1706.03762')).toBe('1706.03762');
    expect(arxivIdFromText('arXiv:cs/0112017 [cs.AI]')).toBe('cs/0112017');
    expect(arxivIdFromText('10.48550/arXiv.2401.01234')).toBe('2401.01234');
    expect(arxivIdFromText('see https://arxiv.org/abs/2401.01234v4 for details')).toBe('2401.01234');
    // a number that only looks like an id is not one
    expect(arxivIdFromText('Proceedings 2019, pages 2401.0123')).toBeUndefined();
    expect(arxivIdFromField('1234.5678')).toBeUndefined(); // month 34
    expect(arxivIdFromField('W4390000001')).toBeUndefined();
  });

  it('normalises DOIs: lower case, no resolver prefix', () => {
    expect(normalizeDoi('https://doi.org/10.1109/TPAMI.2024.1234567')).toBe('10.1109/tpami.2024.1234567');
    expect(normalizeDoi('http://dx.doi.org/10.1145/3600000.3600001')).toBe('10.1145/3600000.3600001');
    expect(normalizeDoi('doi: 10.1007/S10791-023-09421-7.')).toBe('10.1007/s10791-023-09421-7');
    expect(normalizeDoi('not a doi')).toBeUndefined();
  });

  it('prefers the arXiv id, then the DOI, then a hash of the text', () => {
    const text = { title: 'A Title', abstract: 'An abstract.' };
    expect(paperId({ ...text, arxivId: '2401.00001', doi: '10.1/x' })).toBe('2401.00001');
    expect(paperId({ ...text, doi: '10.1/x' })).toBe('10.1/x');
    expect(paperId(text)).toMatch(/^h:[0-9a-f]{12}$/);
  });

  it('hashes normalised text: case, accents, spacing and punctuation do not matter', () => {
    const a = paperId({ title: 'Naïve  Bayes, Revisited', abstract: 'It works -- mostly.' });
    const b = paperId({ title: 'naive bayes revisited', abstract: 'It works – mostly' });
    expect(a).toBe(b);
    expect(paperId({ title: 'Naive Bayes Revisited', abstract: 'It fails.' })).not.toBe(a);
  });

  it('gives the same paper the same id from different formats', async () => {
    // arXiv JSON Lines (id field) and a Zotero BibTeX entry (url, doi and note fields)
    const fromJson = (await collect(fixture('arxiv.jsonl'))).papers[0];
    const fromBib = (await collect(fixture('zotero.bib'))).papers[0];
    expect(fromJson.title).toBe(fromBib.title);
    expect(fromJson.id).toBe('1706.03762');
    expect(fromBib.id).toBe('1706.03762');
    // OpenAlex JSON Lines and an OpenAlex API page: the arXiv copy in the locations wins over the DOI
    const fromWorks = (await collect(fixture('openalex.jsonl'))).papers[0];
    const fromPage = (await collect(fixture('openalex-page.json'))).papers[0];
    expect([fromWorks.id, fromPage.id]).toEqual(['2310.04567', '2310.04567']);
    expect(fromWorks.doi).toBe('10.1109/TPAMI.2024.1234567'); // as written; the id is its compared form
  });

  it('gives papers without identifiers the same hash id from a listing and a CSV file', async () => {
    // The listing writes `12\%` (LaTeX); a spreadsheet has `12%` and different spacing.
    const listing = (await collect(fixture('listing-tricky.txt'))).papers[1];
    const csv = write(
      'same.csv',
      'Title,Abstract\n"Monocular  Detection in 3D","We detect objects in 3D from a single camera and reduce depth error by 12% on KITTI."\n',
    );
    const fromCsv = (await collect(csv)).papers[0];
    expect(fromCsv.id).toMatch(/^h:/);
    expect(fromCsv.id).toBe(listing.id);
  });
});
