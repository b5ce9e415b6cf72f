import type { DuplicatePair } from './model.js';
import type { NeighborGraph } from '../vectors/neighbor-graph.js';

export const DUPLICATES_METHOD =
  "read off each paper's nearest-neighbour list: a near-duplicate is always among a paper's top neighbours, " +
  'so this misses a pair only when a paper has more near-duplicates than the neighbours computed per paper';

/** The report lists at most this many pairs (most similar first); the count of all of them is kept. */
export const MAX_DUPLICATES_LISTED = 2000;

/** Pairs of papers at least `threshold` similar, each once (a < b), most similar first. */
export function nearDuplicatePairs(graph: NeighborGraph, threshold: number): DuplicatePair[] {
  const seen = new Map<string, DuplicatePair>();
  for (let i = 0; i < graph.n; i++) {
    for (let j = 0; j < graph.k; j++) {
      const other = graph.indices[i * graph.k + j];
      const similarity = graph.similarities[i * graph.k + j];
      // Lists are sorted, so the rest of this row is less similar still.
      if (other < 0 || similarity < threshold) break;
      const a = Math.min(i, other);
      const b = Math.max(i, other);
      const key = `${a}:${b}`;
      const known = seen.get(key);
      // The two directions can differ in the last float digit; keep the higher.
      if (!known || similarity > known.similarity) seen.set(key, { a, b, similarity });
    }
  }
  return [...seen.values()].sort((p, q) => q.similarity - p.similarity || p.a - q.a || p.b - q.b);
}
