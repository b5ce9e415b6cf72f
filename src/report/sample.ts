import type { Membership } from '../store/records.js';
import { createRandom, sampleIndices } from '../themes/random.js';

/**
 * Rows of a collection too large for one page: `max` of them, each theme (and the papers without one) in
 * proportion to its size and never left out, chosen at random with `seed` (same index + seed = same
 * sample). Returned ascending, as the rows are stored.
 */
export function sampleRowsByTheme(labels: Int32Array, membership: ReadonlyMap<number, Membership>, max: number, seed: number): Int32Array {
  if (labels.length <= max) return Int32Array.from(labels.keys());
  const groups = new Map<number, number[]>();
  labels.forEach((label, row) => {
    const theme = membership.get(label)?.theme ?? -1;
    const rows = groups.get(theme);
    if (rows) rows.push(row);
    else groups.set(theme, [row]);
  });
  const random = createRandom(seed);
  const chosen: number[] = [];
  for (const theme of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = groups.get(theme)!;
    const take = Math.max(1, Math.round((rows.length / labels.length) * max));
    for (const i of sampleIndices(rows.length, take, random)) chosen.push(rows[i]);
  }
  return Int32Array.from(chosen).sort();
}
