/** One search result: a vector's label and its cosine similarity to the query. */
export interface Neighbor {
  label: number;
  score: number;
}

/**
 * Exact top-k by cosine (dot product of unit vectors) over a row-major matrix: the fallback when the
 * HNSW file lags behind the database, the path for small filtered subsets, and the benchmark baseline.
 * Keeps a size-k min-heap instead of sorting all n scores.
 */
export function exactTopK(
  query: Float32Array,
  matrix: Float32Array,
  labels: ArrayLike<number>,
  k: number,
  accept?: (label: number) => boolean,
): Neighbor[] {
  const dims = query.length;
  const n = labels.length;
  const heapScores = new Float64Array(k);
  const heapLabels = new Float64Array(k);
  let size = 0;
  for (let row = 0; row < n; row++) {
    const label = labels[row];
    if (accept && !accept(label)) continue;
    const base = row * dims;
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += query[d] * matrix[base + d];
    if (size < k) {
      heapScores[size] = dot;
      heapLabels[size] = label;
      siftUp(heapScores, heapLabels, size++);
    } else if (k > 0 && dot > heapScores[0]) {
      heapScores[0] = dot;
      heapLabels[0] = label;
      siftDown(heapScores, heapLabels, size);
    }
  }
  const out: Neighbor[] = [];
  for (let i = 0; i < size; i++) out.push({ label: heapLabels[i], score: heapScores[i] });
  return out.sort((a, b) => b.score - a.score || a.label - b.label);
}

function siftUp(scores: Float64Array, labels: Float64Array, i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (scores[parent] <= scores[i]) return;
    swap(scores, labels, i, parent);
    i = parent;
  }
}

function siftDown(scores: Float64Array, labels: Float64Array, size: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let smallest = i;
    if (l < size && scores[l] < scores[smallest]) smallest = l;
    if (r < size && scores[r] < scores[smallest]) smallest = r;
    if (smallest === i) return;
    swap(scores, labels, i, smallest);
    i = smallest;
  }
}

function swap(scores: Float64Array, labels: Float64Array, a: number, b: number): void {
  const s = scores[a];
  scores[a] = scores[b];
  scores[b] = s;
  const l = labels[a];
  labels[a] = labels[b];
  labels[b] = l;
}
