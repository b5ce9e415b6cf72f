/** Small numeric helpers shared by the benchmark sections. */

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of an unsorted sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return xs.length === 0 ? NaN : sum / xs.length;
}

export function progress(message: string): void {
  const stamp = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${stamp}] ${message}\n`);
}

export const MB = 1024 * 1024;
export const GB = 1024 * MB;

/** A full garbage collection, so RSS readings are not inflated by garbage (v8 flag set at run time). */
export async function collectGarbage(): Promise<void> {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}
