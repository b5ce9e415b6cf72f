/**
 * An order of the themes in which similar themes sit together, for the legend and the heatmap: a chain that
 * starts at theme 0 (the largest at the first fit) and always steps to the unplaced theme whose centroid is
 * most similar to the last one placed (ties: the lower id). Cheap (k² for k <= 30) and stable for a seed.
 */
export function similarityOrder(similarity: number[][]): number[] {
  const k = similarity.length;
  if (k === 0) return [];
  const order = [0];
  const placed = new Uint8Array(k);
  placed[0] = 1;
  while (order.length < k) {
    const last = order[order.length - 1];
    let best = -1;
    for (let j = 0; j < k; j++) if (!placed[j] && (best < 0 || similarity[last][j] > similarity[last][best])) best = j;
    order.push(best);
    placed[best] = 1;
  }
  return order;
}
