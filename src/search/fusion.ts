/** Reciprocal rank fusion (Cormack et al. 2009): robust to the two lists' incomparable score scales. */
export const RRF_K = 60;

export interface Fused {
  label: number;
  score: number;
  denseRank?: number;
  lexicalRank?: number;
}

export function reciprocalRankFusion(dense: readonly number[], lexical: readonly number[], k = RRF_K): Fused[] {
  const byLabel = new Map<number, Fused>();
  const add = (labels: readonly number[], which: 'denseRank' | 'lexicalRank') => {
    labels.forEach((label, i) => {
      const entry = byLabel.get(label) ?? { label, score: 0 };
      entry.score += 1 / (k + i + 1);
      entry[which] = i + 1;
      byLabel.set(label, entry);
    });
  };
  add(dense, 'denseRank');
  add(lexical, 'lexicalRank');
  // Ties (same fused score) go to the better dense rank, then the label, so output is deterministic.
  return [...byLabel.values()].sort(
    (a, b) => b.score - a.score || (a.denseRank ?? Infinity) - (b.denseRank ?? Infinity) || a.label - b.label,
  );
}
