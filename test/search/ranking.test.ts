import { describe, expect, it } from 'vitest';
import { exactTopK } from '../../src/vectors/exact.js';
import { yearRange } from '../../src/options/kinds.js';
import { fuseScores } from '../../src/search/fusion.js';
import { toFtsQuery } from '../../src/store/sqlite/lexical.js';
import { snippetFor } from '../../src/search/snippet.js';

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('exact search', () => {
  it('returns the k most similar rows, best first, matching a full sort', () => {
    const dims = 8;
    const rows = 500;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const matrix = new Float32Array(rows * dims);
    for (let r = 0; r < rows; r++) matrix.set(unit(Array.from({ length: dims }, rand)), r * dims);
    const labels = Int32Array.from({ length: rows }, (_, i) => 1000 + i);
    const query = Float32Array.from(unit(Array.from({ length: dims }, rand)));
    const expected = [...labels]
      .map((label, r) => ({ label, score: matrix.subarray(r * dims, (r + 1) * dims).reduce((s, x, d) => s + x * query[d], 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const got = exactTopK(query, matrix, labels, 10);
    expect(got.map((g) => g.label)).toEqual(expected.map((e) => e.label));
    expect(got[0].score).toBeCloseTo(expected[0].score, 5);
  });

  it('honours the filter and a k larger than the collection', () => {
    const matrix = Float32Array.from([1, 0, 0, 1, 0.6, 0.8]);
    const got = exactTopK(Float32Array.from([1, 0]), matrix, [1, 2, 3], 10, (l) => l !== 1);
    expect(got.map((g) => g.label)).toEqual([3, 2]);
  });
});

describe('score fusion', () => {
  const dense = [
    { label: 1, score: 0.9 },
    { label: 2, score: 0.5 },
    { label: 3, score: 0.4 },
  ];
  const lexical = [
    { label: 3, score: 12 },
    { label: 4, score: 11 },
    { label: 1, score: 2 },
  ];

  it('ranks a paper both lists like above papers only one list likes', () => {
    const fused = fuseScores(dense, lexical);
    expect(fused.map((f) => f.label).sort()).toEqual([1, 2, 3, 4]);
    expect(fused.at(-1)!.label).toBe(2); // middling dense, absent from lexical
    const four = fused.find((f) => f.label === 4)!;
    expect(four.lexicalRank).toBe(2);
    expect(four.denseRank).toBeUndefined();
  });

  it('compares scores, not only ranks: a far better first hit stays first', () => {
    // Dense barely prefers 1 over 3; lexical strongly prefers 3: RRF would tie them, scores do not.
    const fused = fuseScores(
      [{ label: 1, score: 0.61 }, { label: 3, score: 0.6 }, { label: 5, score: 0.2 }],
      [{ label: 3, score: 30 }, { label: 1, score: 5 }, { label: 5, score: 4 }],
    );
    expect(fused[0].label).toBe(3);
  });

  it('is unmoved by the scale of either side', () => {
    const scaled = fuseScores(dense, lexical.map((h) => ({ ...h, score: h.score * 1000 })));
    expect(scaled.map((f) => f.label)).toEqual(fuseScores(dense, lexical).map((f) => f.label));
  });

  it('keeps the order of one side when the other is empty', () => {
    expect(fuseScores(dense, []).map((f) => f.label)).toEqual([1, 2, 3]);
    expect(fuseScores([], lexical).map((f) => f.label)).toEqual([3, 4, 1]);
  });
});

describe('lexical query building', () => {
  it('turns FTS5 syntax into plain quoted words', () => {
    expect(toFtsQuery('abc" OR 1 --')).toBe('"abc" OR "1"'); // "or" is an English function word, left out
    expect(toFtsQuery('title:foo* NEAR(bar)')).toBe('"title" OR "foo" OR "near" OR "bar"');
    expect(toFtsQuery('  -- ** ')).toBeUndefined();
  });

  it('leaves out function words, unless the query has nothing else', () => {
    expect(toFtsQuery('memory management for the LLM serving')).toBe('"memory" OR "management" OR "llm" OR "serving"');
    expect(toFtsQuery('to be or not to be')).toBe('"to" OR "be" OR "or" OR "not"');
  });
});

describe('year ranges', () => {
  const parse = (text: string) => yearRange.parse(text, undefined);
  it('reads a year, a range and open ranges', () => {
    expect(parse('2024')).toEqual({ yearFrom: 2024, yearTo: 2024 });
    expect(parse('2023..2025')).toEqual({ yearFrom: 2023, yearTo: 2025 });
    expect(parse('2023..')).toEqual({ yearFrom: 2023, yearTo: undefined });
    expect(parse('..2020')).toEqual({ yearFrom: undefined, yearTo: 2020 });
  });
  it('rejects nonsense, saying what a year range is', () => {
    expect(() => parse('last year')).toThrow(/expected a year \(2024\) or a range/);
    expect(() => parse('2025..2023')).toThrow(/the earlier year first/);
  });
});

describe('snippets', () => {
  it('picks the sentence that shares the most query words', () => {
    const abstract = 'We study graphs. Our cache allocator stores key-value pages on demand. Results are good.';
    expect(snippetFor(abstract, 'key-value cache allocator')).toBe('Our cache allocator stores key-value pages on demand.');
  });
});
