import { UserError } from '../errors.js';
import type { IndexReader } from '../store/port.js';
import type { Membership, NeighborSearch, PinnedModel, StoredPaper, ThemesOverview } from '../store/records.js';
import { gatherRows } from '../themes/vector-math.js';
import { sampleRowsByTheme } from './sample.js';

/** Everything the report needs from the index, read in one snapshot. Row i of `matrix` is `papers[i]`. */
export interface ReportInputs {
  dir: string;
  model: PinnedModel;
  papers: StoredPaper[];
  labels: Int32Array;
  matrix: Float32Array;
  themes: ThemesOverview;
  membership: Map<number, Membership>;
  centroids: Float32Array[];
  /** Papers without a stored vector (should not happen; they are left off the report). */
  missingVectors: number;
  /** Papers with a vector in the index; more than `papers` when the report shows a sample. */
  collectionPapers: number;
  /** Each paper's nearest others (as many as the map needs, at least as many as listed). */
  neighbors: NeighborSearch;
}

/** UMAP wants about this many neighbours per point; the report lists fewer but the map uses these. */
export const MAP_GRAPH_NEIGHBORS = 15;

export interface ReadOptions {
  listedNeighbors: number;
  /** Above this many papers the report shows a sample of this many (see sampleRowsByTheme). */
  maxPapers: number;
  seed: number;
}

/**
 * Reads papers, vectors and themes, and finds each paper's neighbours, inside one read of the index, so
 * that they agree with each other. `step` names and times each stage.
 */
export async function readReportInputs(
  index: IndexReader,
  o: ReadOptions,
  step: <T>(stage: 'read' | 'neighbors', fn: () => Promise<T>) => Promise<T>,
): Promise<ReportInputs> {
  const read = await step('read', async () => {
    const total = await index.countPapers();
    const model = await index.model();
    if (total === 0 || !model) throw new UserError(`index ${index.location} has no papers`, 'run paperscope ingest <files> first');
    const themes = await index.themes();
    if (!themes) throw new UserError(`index ${index.location} has no themes`, 'run paperscope themes first');
    const all = await index.vectorMatrix();
    const membership = await index.themeMembership();
    const rows = sampleRowsByTheme(all.labels, membership, o.maxPapers, o.seed);
    const sampled = rows.length < all.labels.length;
    const labels = sampled ? Int32Array.from(rows, (r) => all.labels[r]) : all.labels;
    const matrix = sampled ? gatherRows(all.matrix, model.dims, rows) : all.matrix;
    const byLabel = sampled ? await index.papersByLabel([...labels]) : new Map((await index.allPapers()).map((stored) => [stored.label, stored]));
    // Both are in label order, so row i of the matrix is the i-th paper that has a vector.
    const papers = Array.from(labels, (label) => byLabel.get(label)!);
    return {
      dir: index.location,
      model,
      papers,
      labels,
      matrix,
      themes,
      membership,
      centroids: await index.themeCentroids(),
      missingVectors: total - all.labels.length,
      collectionPapers: all.labels.length,
    };
  });
  const graphK = Math.min(Math.max(o.listedNeighbors, MAP_GRAPH_NEIGHBORS), read.labels.length - 1);
  const neighbors = await step('neighbors', () => index.neighborGraph(read.matrix, read.labels, graphK));
  return { ...read, neighbors };
}
