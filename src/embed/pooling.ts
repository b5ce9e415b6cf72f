import type { Pooling } from './registry.js';

/**
 * Pools token vectors [batch, seq, dims] into one unit vector per text, written into `out` at row
 * `outRows[b]`. Padding tokens (mask 0) never contribute. Works on typed arrays only: no per-token objects.
 */
export function poolInto(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  seq: number,
  dims: number,
  pooling: Pooling,
  out: Float32Array,
  outRows: ArrayLike<number>,
): void {
  for (let b = 0; b < batch; b++) {
    const o = outRows[b] * dims;
    out.fill(0, o, o + dims);
    if (pooling === 'cls') {
      const t = b * seq * dims;
      for (let d = 0; d < dims; d++) out[o + d] = hidden[t + d];
    } else {
      let count = 0;
      for (let s = 0; s < seq; s++) {
        if (Number(mask[b * seq + s]) === 0) continue;
        count++;
        const t = (b * seq + s) * dims;
        for (let d = 0; d < dims; d++) out[o + d] += hidden[t + d];
      }
      if (count > 0) for (let d = 0; d < dims; d++) out[o + d] /= count;
    }
    normalizeRow(out, o, dims);
  }
}

/** Scales one row to unit length in place (a zero row stays zero). */
export function normalizeRow(v: Float32Array, offset: number, dims: number): void {
  let sum = 0;
  for (let d = 0; d < dims; d++) sum += v[offset + d] * v[offset + d];
  const norm = Math.sqrt(sum);
  if (norm === 0) return;
  for (let d = 0; d < dims; d++) v[offset + d] /= norm;
}
