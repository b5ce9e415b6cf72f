import type { NeighborMethod } from '../vectors/neighbor-graph.js';
import { DUPLICATES_METHOD, MAX_DUPLICATES_LISTED, nearDuplicatePairs } from './duplicates.js';
import { excerpt } from './excerpt.js';
import { REPORT_SCHEMA, type ReportModel, type ReportOverTime, type ReportPaper, type ReportTheme } from './model.js';
import { paperLink } from './paper-link.js';
import { projectTo2D, type Projection, type ProjectOptions } from './project.js';
import type { ReportInputs } from './read-inputs.js';
import { themesOverTime } from '../themes/over-time.js';
import { similarityOrder } from './theme-order.js';
import { themeSimilarityMatrix } from './theme-similarity.js';
import { paperscopeVersion } from './version.js';

export interface BuildOptions {
  /** Neighbours listed per paper. */
  neighbors: number;
  dupThreshold: number;
  /** The themes were computed just now because the index had none. */
  themesComputedForReport?: boolean;
  /** Seed of the map layout. */
  seed: number;
  projection?: ProjectOptions;
  /** Lay out the 2D map (default true); the Markdown report shows none and skips the work. */
  map?: boolean;
  onStage?: (stage: 'map' | 'assemble') => void;
  /** Seconds of the stages that came before (reading, neighbours), for meta.timings. */
  timings?: Record<string, number>;
}

/** Builds the report model from what was read of the index (see model.ts for the shape). Pure computation. */
export function buildReport(inputs: ReportInputs, o: BuildOptions): ReportModel {
  const timings: Record<string, number> = { ...o.timings };
  const time = <T>(name: string, fn: () => T): T => {
    const started = performance.now();
    try {
      return fn();
    } finally {
      timings[name] = Number(((performance.now() - started) / 1000).toFixed(3));
    }
  };
  const { graph, method, threads } = inputs.neighbors;
  const seed = o.seed;
  const dims = inputs.model.dims;
  let projection: Projection = { x: new Float32Array(graph.n), y: new Float32Array(graph.n), method: 'none', reason: 'this report has no map', params: {} };
  if (o.map !== false) {
    o.onStage?.('map');
    projection = time('projectionSeconds', () => projectTo2D(inputs.matrix, dims, graph, { seed, ...o.projection }));
  }
  o.onStage?.('assemble');
  const k = Math.min(o.neighbors, graph.k);
  const papers = inputs.papers.map((stored, i): ReportPaper => {
    const p = stored.paper;
    const member = inputs.membership.get(stored.label);
    const neighbors = [];
    for (let j = 0; j < k; j++) {
      const other = graph.indices[i * graph.k + j];
      if (other >= 0) neighbors.push({ index: other, similarity: round4(graph.similarities[i * graph.k + j]) });
    }
    return {
      index: i,
      id: p.id,
      title: p.title,
      authors: p.authors,
      ...(p.year !== undefined && { year: p.year }),
      ...(p.date !== undefined && { date: p.date }),
      categories: p.categories ?? [],
      ...optional('url', paperLink(p)),
      ...(p.hasCode !== undefined && { hasCode: p.hasCode }),
      excerpt: excerpt(p.abstract),
      theme: member?.theme ?? null,
      ...(member?.subtheme !== undefined && { subtheme: `${member.theme}.${member.subtheme}` }),
      ...(member?.between && { between: member.between }),
      x: round4(projection.x[i]),
      y: round4(projection.y[i]),
      neighbors,
    };
  });
  const allDuplicates = nearDuplicatePairs(graph, o.dupThreshold);
  // Thousands of "duplicates" mean the threshold is too low for this model, not that the corpus is
  // full of copies: list the most similar and say how many there were.
  const duplicates = allDuplicates.slice(0, MAX_DUPLICATES_LISTED).map((d) => ({ ...d, similarity: round4(d.similarity) }));
  const themes = inputs.themes.themes.map(
    (t): ReportTheme => ({
      id: t.id,
      label: t.label,
      size: t.size,
      keywords: t.keywords.map((kw) => kw.term),
      representatives: t.representatives.map((r) => r.id),
      cohesion: round4(t.cohesion),
      neighbors: t.neighbors.map((n) => ({ theme: n.theme, similarity: round4(n.similarity) })),
      level: 0,
      subthemes: t.subthemes.map((s) => ({
        id: s.id,
        level: 1,
        label: s.label,
        size: s.size,
        keywords: s.keywords.map((kw) => kw.term),
        representatives: s.representatives.map((r) => r.id),
        cohesion: round4(s.cohesion),
      })),
    }),
  );
  const unthemed = papers.filter((p) => p.theme === null).length;
  const themeSimilarity = themeSimilarityMatrix(inputs.centroids).map((row) => row.map(round4));
  return {
    schema: REPORT_SCHEMA,
    meta: {
      generatedAt: new Date().toISOString(),
      paperscopeVersion: paperscopeVersion(),
      indexDir: inputs.dir,
      model: { id: inputs.model.id, dtype: inputs.model.dtype, dims },
      counts: { papers: papers.length, collectionPapers: inputs.collectionPapers, themes: themes.length, duplicatePairs: allDuplicates.length, unthemed },
      neighbors: { k, graphK: graph.k, method, threads },
      duplicates: { threshold: o.dupThreshold, method: DUPLICATES_METHOD, listed: duplicates.length },
      projection: { method: projection.method, reason: projection.reason, params: projection.params },
      themes: {
        computedAt: inputs.themes.computedAt,
        stale: inputs.themes.stale,
        computedForReport: o.themesComputedForReport ?? false,
        chosenBy: inputs.themes.chosenBy,
        seed: inputs.themes.seed,
      },
      timings,
      notes: [
        ...notesFor(inputs, method, unthemed, projection.method, projection.reason),
        ...(allDuplicates.length > duplicates.length
          ? [`${allDuplicates.length} pairs reach the near-duplicate threshold ${o.dupThreshold}; the ${duplicates.length} most similar are listed (raise --dup-threshold to see fewer, truer duplicates)`]
          : []),
      ],
    },
    themes,
    themeSimilarity,
    themeOrder: similarityOrder(themeSimilarity),
    overTime: overTimeOf(papers, themes.length),
    papers,
    duplicates,
  };
}

function overTimeOf(papers: ReportPaper[], k: number): ReportOverTime {
  const themed = papers.filter((p) => p.theme !== null).map((p) => ({ theme: p.theme!, date: p.date, year: p.year }));
  const o = themesOverTime(themed, k);
  return {
    period: o.period,
    periods: o.periods,
    totals: o.totals,
    undated: o.undated,
    themes: o.themes.map((t) => ({ theme: t.theme, counts: t.counts, ...(t.trend && { trend: t.trend }) })),
  };
}

function notesFor(inputs: ReportInputs, method: NeighborMethod, unthemed: number, projection: string, reason: string): string[] {
  const notes: string[] = [];
  if (inputs.collectionPapers > inputs.papers.length) {
    notes.push(
      `this report shows a sample of ${inputs.papers.length.toLocaleString('en-US')} of the index's ${inputs.collectionPapers.toLocaleString('en-US')} papers, each theme in proportion to its size; neighbours and near-duplicates are found within the sample (paperscope similar and search reach every paper; --max-papers shows more)`,
    );
  }
  if (inputs.themes.stale) {
    notes.push(`papers changed since the themes were computed (${inputs.themes.computedAt}); run paperscope themes --refresh for up-to-date themes`);
  }
  if (inputs.themes.assigned > 0) notes.push(`${inputs.themes.assigned} papers ingested since the themes were fitted are placed in their nearest theme`);
  if (unthemed > 0) notes.push(`${unthemed} papers are newer than the themes and have none`);
  if (inputs.neighbors.behind) notes.push(`the HNSW file lags behind the database, so neighbours were computed ${method === 'exact' ? 'exactly' : 'with a temporary HNSW'}; paperscope reindex fixes it`);
  if (inputs.missingVectors > 0) notes.push(`${inputs.missingVectors} papers have no stored vector and are left out`);
  if (projection === 'pca' && inputs.labels.length >= 15) notes.push(`the map is a PCA projection: ${reason}`);
  return notes;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
