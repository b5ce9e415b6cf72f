import { describe, expect, it } from 'vitest';
import { mergePapers } from '../../src/corpus/merge.js';
import type { Paper, SourceRef } from '../../src/corpus/paper.js';
import { createRandom } from '../../src/themes/random.js';

const record = (source: SourceRef): Paper => ({
  id: '2501.00001',
  title: 'One paper',
  abstract: 'Read from many files.',
  authors: ['Ada Lovelace'],
  arxivId: '2501.00001',
  source,
  sources: [source],
});

/** Every (file, line, format) once, in file, line, format order (lines compared as numbers). */
function expectedOrder(sources: SourceRef[]): SourceRef[] {
  const seen = new Map(sources.map((s) => [`${s.file}\0${s.line}\0${s.format}`, s]));
  return [...seen.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.format < b.format ? -1 : a.format > b.format ? 1 : 0)));
}

describe('a paper read from many files', () => {
  // 3,000 records of one paper from 400 files, some records repeated (a file read twice), in shuffled order.
  const random = createRandom(3);
  const sources: SourceRef[] = Array.from({ length: 3000 }, (_, i) => ({
    file: `/data/export-${Math.floor(random() * 400)}.jsonl`,
    line: 1 + Math.floor(random() * 50),
    format: i % 7 === 0 ? 'csv' : 'jsonl',
  }));

  it('keeps every source once, in one order, whichever order the records come in', () => {
    const forward = sources.map(record).reduce((acc, r) => mergePapers(acc, r));
    const backward = [...sources].reverse().map(record).reduce((acc, r) => mergePapers(acc, r));
    expect(forward.sources).toEqual(expectedOrder(sources));
    expect(backward.sources).toEqual(forward.sources);
    expect(forward.source).toEqual(expectedOrder(sources)[0]);
  });

  it('merging two halves equals merging record by record, and merging again changes nothing', () => {
    const fold = (list: SourceRef[]) => list.map(record).reduce((acc, r) => mergePapers(acc, r));
    const halves = mergePapers(fold(sources.slice(0, 1500)), fold(sources.slice(1500)));
    expect(halves.sources).toEqual(expectedOrder(sources));
    expect(mergePapers(halves, halves)).toEqual(halves);
  });

  it('sorts sources that arrive out of order (lines 9 and 10 as numbers, not text)', () => {
    const a = { ...record({ file: 'a.csv', line: 10, format: 'csv' }), sources: [{ file: 'a.csv', line: 10, format: 'csv' }, { file: 'a.csv', line: 9, format: 'csv' }] } as Paper;
    const merged = mergePapers(a, record({ file: 'a.csv', line: 2, format: 'csv' }));
    expect(merged.sources.map((s) => s.line)).toEqual([2, 9, 10]);
  });
});
