import type { NearestThemes } from './assign.js';

/**
 * Renumbers themes so that 0 is the largest, then by decreasing size; equal sizes are ordered by
 * their lowest row index, so the order never depends on k-means' internal numbering.
 */
export function orderBySize(
  centroids: Float32Array,
  nearest: NearestThemes,
  dims: number,
): { centroids: Float32Array; nearest: NearestThemes } {
  const k = centroids.length / dims;
  const sizes = new Int32Array(k);
  const firstRow = new Float64Array(k).fill(Infinity);
  nearest.assignment.forEach((c, i) => {
    sizes[c]++;
    if (i < firstRow[c]) firstRow[c] = i;
  });
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || firstRow[a] - firstRow[b] || a - b);
  const newId = new Int32Array(k);
  order.forEach((old, id) => (newId[old] = id));

  const reordered = new Float32Array(centroids.length);
  order.forEach((old, id) => reordered.set(centroids.subarray(old * dims, (old + 1) * dims), id * dims));
  const renumber = (ids: Int32Array) => ids.map((c) => (c < 0 ? c : newId[c]));
  return {
    centroids: reordered,
    nearest: { ...nearest, assignment: renumber(nearest.assignment), second: renumber(nearest.second) },
  };
}
