import { UserError } from '../errors.js';

/** Checks the vector matrix and returns the number of papers. Shape problems are caller bugs. */
export function paperCount(vectors: Float32Array, dims: number): number {
  if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`dims must be a positive integer, got ${dims}`);
  if (vectors.length % dims !== 0) {
    throw new RangeError(`vectors has ${vectors.length} values, not a multiple of dims=${dims}`);
  }
  const n = vectors.length / dims;
  if (n === 0) throw new UserError('no papers to cluster', 'run paperscope ingest first to add papers to the index');
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) {
      throw new RangeError(`embedding of row ${Math.floor(i / dims)} holds a non-finite value (${vectors[i]})`);
    }
  }
  return n;
}

/** A k the user asked for must be a whole number in 1..n. */
export function checkRequestedK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new UserError(`the number of themes must be a whole number of at least 1, got ${k}`, 'omit k to choose it automatically');
  }
  if (k > n) {
    throw new UserError(
      `cannot make ${k} themes from ${n} paper${n === 1 ? '' : 's'}`,
      `choose k <= ${n}, or omit k to choose it automatically`,
    );
  }
}
