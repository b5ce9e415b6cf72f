/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labellings of the same items: 1 for the
 * same partition (whatever the label names), about 0 for unrelated ones, can be negative. Only the
 * tests use it, to check that a clustering recovers the labels the test data was made with.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`adjustedRandIndex: lengths differ (${a.length} vs ${b.length})`);
  const n = a.length;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const joint = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const x of joint.values()) index += pairs(x);
  let sumRows = 0;
  for (const x of rows.values()) sumRows += pairs(x);
  let sumCols = 0;
  for (const x of cols.values()) sumCols += pairs(x);
  const total = pairs(n);
  const expected = total === 0 ? 0 : (sumRows * sumCols) / total;
  const max = (sumRows + sumCols) / 2;
  // max == expected only when both are one cluster or both all singletons: identical partitions.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
