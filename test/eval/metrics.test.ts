import { describe, expect, it } from 'vitest';
import { ndcgAt, recallAt, reciprocalRankAt } from '../../src/eval/metrics.js';

describe('retrieval metrics (checked by hand)', () => {
  // Judgements: d1 rel 2, d2 rel 1, d5 rel 1; d9 judged not relevant.
  const judged = new Map([
    ['d1', 2],
    ['d2', 1],
    ['d5', 1],
    ['d9', 0],
  ]);
  const ranked = ['d3', 'd1', 'd9', 'd5'];

  it('nDCG@10', () => {
    // DCG = 2/log2(3) + 1/log2(5) = 1.26186 + 0.43068 = 1.69254
    // IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.63093 + 0.5 = 3.13093
    expect(ndcgAt(ranked, judged, 10)).toBeCloseTo(1.69254 / 3.13093, 4);
  });
  it('Recall@100 and its cut-off', () => {
    expect(recallAt(ranked, judged, 100)).toBeCloseTo(2 / 3, 10);
    expect(recallAt(ranked, judged, 2)).toBeCloseTo(1 / 3, 10);
  });
  it('MRR@10', () => {
    expect(reciprocalRankAt(ranked, judged, 10)).toBe(0.5);
    expect(reciprocalRankAt(['d3', 'd4'], judged, 10)).toBe(0);
  });
});
