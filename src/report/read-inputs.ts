import { UserError } from '../errors.js';
import { stmt } from '../store/database.js';
import type { PaperIndex, PinnedModel } from '../store/paper-index.js';
import { iteratePapers, type StoredPaper } from '../store/papers.js';
import { readThemes, themeCentroids, type ThemesOverview } from '../store/themes.js';
import { loadVectorMatrix } from '../store/vectors.js';

export interface Membership {
  theme: number;
  between?: [number, number];
}

/** Everything the report needs from the database, read in one snapshot. Row i of `matrix` is `papers[i]`. */
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
  hnswFresh: boolean;
}

/** Call inside `index.snapshot`: papers, vectors and themes must agree with each other. */
export function readReportInputs(index: PaperIndex): ReportInputs {
  const total = index.countPapers();
  const model = index.model;
  if (total === 0 || !model) throw new UserError(`index ${index.dir} has no papers`, 'run paperscope ingest <files> first');
  const themes = readThemes(index);
  if (!themes) throw new UserError(`index ${index.dir} has no themes`, 'run paperscope themes first');
  const { labels, matrix } = loadVectorMatrix(index.db, model.key, model.dims);
  const byRowid = new Map<number, StoredPaper>();
  for (const stored of iteratePapers(index.db)) byRowid.set(stored.rowid, stored);
  // Both are read in rowid order, so row i of the matrix is the i-th paper that has a vector.
  const papers = Array.from(labels, (rowid) => byRowid.get(rowid)!);
  return {
    dir: index.dir,
    model,
    papers,
    labels,
    matrix,
    themes,
    membership: readMembership(index),
    centroids: themeCentroids(index),
    missingVectors: total - labels.length,
    hnswFresh: index.hnswFresh,
  };
}

function readMembership(index: PaperIndex): Map<number, Membership> {
  const rows = stmt(index.db, 'SELECT paper_rowid AS rowid, theme_id AS theme, between_a AS a, between_b AS b FROM theme_members').all() as {
    rowid: number;
    theme: number;
    a: number | null;
    b: number | null;
  }[];
  return new Map(rows.map((r) => [r.rowid, { theme: r.theme, between: r.a !== null && r.b !== null ? [r.a, r.b] : undefined }]));
}
