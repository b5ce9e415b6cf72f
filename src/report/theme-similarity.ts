/** Cosine similarity of every pair of theme centroids (centroids are means, so not unit length). */
export function themeSimilarityMatrix(centroids: Float32Array[]): number[][] {
  const norms = centroids.map((c) => Math.sqrt(dot(c, c)));
  return centroids.map((a, i) =>
    centroids.map((b, j) => (i === j ? 1 : norms[i] > 0 && norms[j] > 0 ? dot(a, b) / (norms[i] * norms[j]) : 0)),
  );
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d] * b[d];
  return s;
}
