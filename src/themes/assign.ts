import { dot } from './vector-math.js';

/** Each paper's nearest and second-nearest theme by cosine (centroids are unit length). */
export interface NearestThemes {
  /** Theme of each paper: the centroid with the highest cosine (ties: the lower theme). */
  assignment: Int32Array;
  /** Cosine between the paper and its own centroid. */
  similarity: Float32Array;
  /** Second-nearest theme, -1 when there is only one theme. */
  second: Int32Array;
  /** Cosine to the second-nearest centroid, -Infinity when there is only one theme. */
  secondSimilarity: Float32Array;
}

export function assignNearest(vectors: Float32Array, dims: number, unitCentroids: Float32Array): NearestThemes {
  const n = vectors.length / dims;
  const k = unitCentroids.length / dims;
  const assignment = new Int32Array(n);
  const similarity = new Float32Array(n);
  const second = new Int32Array(n);
  const secondSimilarity = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestSim = -Infinity;
    let next = -1;
    let nextSim = -Infinity;
    const off = i * dims;
    for (let c = 0; c < k; c++) {
      const s = dot(vectors, off, unitCentroids, c * dims, dims);
      if (s > bestSim) {
        next = best;
        nextSim = bestSim;
        best = c;
        bestSim = s;
      } else if (s > nextSim) {
        next = c;
        nextSim = s;
      }
    }
    assignment[i] = best;
    similarity[i] = bestSim;
    second[i] = next;
    secondSimilarity[i] = nextSim;
  }
  return { assignment, similarity, second, secondSimilarity };
}
