import { REPORT_SCHEMA, type ReportModel } from '../../src/report/model.js';

/** A hand-made three-paper report model for the renderers' tests. */
export function tinyModel(): ReportModel {
  return {
    schema: REPORT_SCHEMA,
    meta: {
      generatedAt: '2025-01-01T00:00:00.000Z',
      paperscopeVersion: '0.0.0',
      indexDir: '/tmp/index',
      model: { id: 'test/model', dtype: 'q8', dims: 4 },
      counts: { papers: 3, collectionPapers: 3, themes: 2, duplicatePairs: 1, unthemed: 0 },
      neighbors: { k: 2, graphK: 2, method: 'exact', threads: 1 },
      duplicates: { threshold: 0.95, method: 'neighbour lists', listed: 1 },
      projection: { method: 'pca', reason: 'fewer than 15 papers: too few for UMAP', params: { seed: 42 } },
      themes: { computedAt: '2025-01-01T00:00:00.000Z', stale: false, computedForReport: false, chosenBy: 'user', seed: 42 },
      timings: {},
      notes: [],
    },
    themes: [
      { id: 0, label: 'graphs · nodes', size: 2, keywords: ['graphs', 'nodes', 'edges'], representatives: ['2401.00001'], cohesion: 0.8, neighbors: [{ theme: 1, similarity: 0.3 }], level: 0, subthemes: [] },
      { id: 1, label: 'proteins', size: 1, keywords: ['proteins'], representatives: ['2401.00003'], cohesion: 1, neighbors: [{ theme: 0, similarity: 0.3 }], level: 0, subthemes: [] },
    ],
    themeOrder: [0, 1],
    overTime: { period: 'month', periods: ['2024-01'], totals: [3], undated: 0, themes: [{ theme: 0, counts: [2] }, { theme: 1, counts: [1] }] },
    themeSimilarity: [
      [1, 0.3],
      [0.3, 1],
    ],
    papers: [
      { index: 0, id: '2401.00001', title: 'Graph Networks', authors: ['A. One'], year: 2024, categories: ['cs.LG'], url: 'https://arxiv.org/abs/2401.00001', excerpt: 'About graphs.', theme: 0, x: 0, y: 0, neighbors: [{ index: 1, similarity: 0.97 }, { index: 2, similarity: 0.1 }] },
      { index: 1, id: '2401.00002', title: 'Graph Networks Again', authors: ['A. One', 'B. Two'], year: 2024, categories: ['cs.LG'], excerpt: 'About graphs too.', theme: 0, between: [0, 1], x: 0.1, y: 0.2, neighbors: [{ index: 0, similarity: 0.97 }, { index: 2, similarity: 0.1 }] },
      { index: 2, id: '2401.00003', title: 'Protein Folding', authors: [], categories: [], excerpt: 'About proteins.', theme: 1, x: 1, y: 1, neighbors: [{ index: 0, similarity: 0.1 }, { index: 1, similarity: 0.1 }] },
    ],
    duplicates: [{ a: 0, b: 1, similarity: 0.97 }],
  };
}
