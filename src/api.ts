/**
 * The library surface: everything the CLI does, callable from code.
 *
 *   import { openIndex } from 'paperscope';
 *   const index = openIndex({ dir: './index' });
 *   await index.ingest(['papers.jsonl']);
 *   const { hits } = await index.search('memory management for LLM serving', { k: 5 });
 *
 * A thin facade: each method is a use case of src/app/, run on this instance's context (its store, its
 * settings, its models). Calls may overlap: reads see consistent snapshots, writes take turns, and a
 * model is loaded once however many calls need it at the same time.
 */
import { resolve } from 'node:path';
import { createContext, type AppContext } from './app/context.js';
import type { CopySummary } from './app/copy.js';
import type { EvalOptions, EvalSummary } from './app/eval.js';
import type { IngestFilesOptions, IngestSummary } from './app/ingest.js';
import { info, paperInfo, reindex, remove, type ReindexSummary, type RemoveSummary } from './app/maintenance.js';
import type { ParseFilesOptions } from './app/parse.js';
import type { ReportOptions, ReportResult } from './app/report.js';
import { search, similar, type SearchOptions, type SimilarOptions } from './app/search.js';
import { subthemesOverTime, theme, themes, themesOverTime, type SubthemesOverTimeResult, type ThemeDetail, type ThemeOptions, type ThemesOptions, type ThemesOverTimeResult } from './app/themes.js';
import type { CorpusSummary } from './corpus/index.js';
import type { DownloadProgress } from './embed/download.js';
import { OPEN_OPTIONS } from './options/catalog.js';
import type { ThemeRef } from './options/kinds.js';
import { definedOnly, resolveOptions, type OptionValues } from './options/spec.js';
import type { SearchResponse } from './search/search.js';
import type { SimilarResponse } from './search/similar.js';
import { readSettings, type Environment, type Settings } from './settings.js';
import type { IndexInfo, PaperInfo, ThemesOverview } from './store/records.js';

export interface OpenIndexOptions extends OptionValues<typeof OPEN_OPTIONS> {
  /** Where settings not given here are read from (default: this process's environment; see the README's environment table). */
  env?: Environment;
  /** Progress of a model download. */
  onDownload?: (p: DownloadProgress) => void;
}

export function openIndex(options: OpenIndexOptions = {}): Paperscope {
  return new Paperscope(options);
}

/** Each instance's context, kept out of the published types. */
const contexts = new WeakMap<Paperscope, AppContext>();

/** One index and the models that read it. Everything is opened when first needed. */
export class Paperscope {
  /** The index: its directory, or its postgresql:// URI with the password masked. */
  readonly dir: string;
  readonly modelsDir: string;
  readonly offline: boolean;
  readonly threads: number;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: OpenIndexOptions = {}) {
    const { dir, modelsDir, offline, threads, batchSize } = resolveOptions(OPEN_OPTIONS, options);
    // The environment's settings, with what the caller gave on top.
    const given = definedOnly({ index: dir, modelsDir: modelsDir === undefined ? undefined : resolve(modelsDir), offline, threads });
    const settings: Settings = { ...readSettings(options.env), ...given };
    const context = createContext({ location: settings.index, settings, batchSize, onDownload: options.onDownload });
    contexts.set(this, context);
    this.dir = context.store.location;
    this.modelsDir = settings.modelsDir;
    this.offline = settings.offline;
    this.threads = settings.threads;
  }

  /** Parses, embeds what is new, stores; see IngestSummary for what happened. */
  ingest(files: string[], options: IngestCallOptions = {}): Promise<IngestSummary> {
    // Imported when used (as report, parse and evaluate are): the parsers cost ~0.15 s to load, which
    // search and info never need (info 0.31 s -> 0.13 s).
    return this.run(async (ctx) => (await import('./app/ingest.js')).ingestFiles(ctx, files, options));
  }

  /** Hybrid (dense + lexical, fused), dense or lexical search. */
  search(query: string, options: SearchCallOptions = {}): Promise<SearchResponse> {
    return this.run((ctx) => search(ctx, query, options));
  }

  /** Papers most like one paper of the index, found by id (any of its names) or title words. */
  similar(ref: string, options: SimilarCallOptions = {}): Promise<SimilarResponse> {
    return this.run((ctx) => similar(ctx, ref, options));
  }

  /** Removes papers by id, all or nothing. */
  remove(ids: string[]): Promise<RemoveSummary> {
    return this.run((ctx) => remove(ctx, ids));
  }

  /** Rebuilds the vector index from the stored vectors (and upgrades an index an older paperscope wrote). */
  reindex(onProgress?: (done: number, total: number) => void): Promise<ReindexSummary> {
    return this.run((ctx) => reindex(ctx, onProgress));
  }

  /**
   * The index's themes: computed when there are none, when `refresh` is set, or when k, the k range or
   * the seed differ from the stored run; otherwise read back (and marked stale if papers changed).
   */
  themes(options: ThemesCallOptions = {}): Promise<ThemesOverview> {
    return this.run((ctx) => themes(ctx, options));
  }

  /** Each theme's share of each month's papers (each year's beyond five years), and which grew or shrank most over the last year. */
  themesOverTime(): Promise<ThemesOverTimeResult> {
    return this.run((ctx) => themesOverTime(ctx));
  }

  /** One theme's sub-themes over time: each one's share of the theme's papers of each month (each year's beyond five years), and which grew or shrank most over the last year. */
  subthemesOverTime(theme: number | string | ThemeRef): Promise<SubthemesOverTimeResult> {
    return this.run((ctx) => subthemesOverTime(ctx, theme));
  }

  /** One theme (3) or sub-theme ('3.1'): its papers nearest its centroid first, and the themes (or sibling sub-themes) closest to it. */
  theme(id: number | string | ThemeRef, options: ThemeCallOptions = {}): Promise<ThemeDetail> {
    return this.run((ctx) => theme(ctx, id, options));
  }

  /**
   * A similarity report of the whole index (map, themes, neighbours, near-duplicates): the model,
   * rendered as HTML, Markdown or JSON, and written atomically to `out` when given. Computes the
   * themes first if the index has none. The JSON shape is documented in src/report/model.ts.
   */
  report(options: ReportCallOptions = {}): Promise<ReportResult> {
    return this.run(async (ctx) => (await import('./app/report.js')).report(ctx, options));
  }

  info(): Promise<IndexInfo> {
    return this.run((ctx) => info(ctx));
  }

  /** One paper as stored, with every name it goes by and every source it was read from (several when a name is shared). */
  paperInfo(ref: string): Promise<PaperInfo[]> {
    return this.run((ctx) => paperInfo(ctx, ref));
  }

  /** Waits for the calls under way, then lets go of the database and the models (a later call opens them again). */
  async close(): Promise<void> {
    await Promise.allSettled(this.pending);
    await contexts.get(this)!.close();
  }

  private run<T>(useCase: (ctx: AppContext) => Promise<T>): Promise<T> {
    const call = useCase(contexts.get(this)!);
    this.pending.add(call);
    const settled = () => this.pending.delete(call);
    call.then(settled, settled);
    return call;
  }
}

/** Reads files as `ingest` would, without embedding: what was understood, what was skipped and why. */
export async function parse(files: string[], options: ParseFilesOptions & { env?: Environment } = {}): Promise<CorpusSummary> {
  return (await import('./app/parse.js')).parseFiles(readSettings(options.env), files, options);
}

/**
 * Copies the index at `from` into the index at `to` (directories or postgresql:// URIs, either way):
 * papers, names, vectors and themes, embedding nothing. Run again after an interruption, it writes only
 * what is missing.
 */
export async function copy(from: string, to: string, options: { env?: Environment; onProgress?: (done: number, total: number) => void } = {}): Promise<CopySummary> {
  return (await import('./app/copy.js')).copyIndex(readSettings(options.env), from, to, options.onProgress);
}

/**
 * Scores search on a BEIR-format collection (nDCG@10, Recall@100, MRR@10), building an index of its
 * corpus in `dir` (default `<beir>/.paperscope-index`).
 */
export async function evaluate(options: EvalOptions & OpenIndexOptions): Promise<EvalSummary> {
  const index = openIndex({ ...options, dir: options.dir ?? (options.beir ? resolve(options.beir, '.paperscope-index') : undefined) });
  try {
    return await (await import('./app/eval.js')).evaluate(contexts.get(index)!, options);
  } finally {
    await index.close();
  }
}

export type IngestCallOptions = IngestFilesOptions;
export type SearchCallOptions = SearchOptions;
export type SimilarCallOptions = SimilarOptions;
export type ThemesCallOptions = ThemesOptions;
export type ThemeCallOptions = ThemeOptions;
export type ReportCallOptions = ReportOptions;

export { UserError } from './errors.js';
export { OptionError } from './options/kinds.js';
export type { Environment } from './settings.js';
export type { Paper } from './corpus/paper.js';
export type { CorpusSummary } from './corpus/index.js';
export type { IngestSummary, IngestProgress } from './app/ingest.js';
export type { SearchResponse, SearchMode } from './search/search.js';
export type { SearchHit } from './search/results.js';
export type { SimilarResponse } from './search/similar.js';
export type { SearchFilters, IndexInfo, PaperInfo, HnswState, StoredTheme, StoredSubtheme, ThemeMember, ThemeTag, ThemesOverview, ThemeParams } from './store/records.js';
export type { ThemeRef } from './options/kinds.js';
export type { RemoveSummary, ReindexSummary } from './app/maintenance.js';
export type { SubthemesOverTimeResult, ThemeDetail, ThemesOverTimeResult } from './app/themes.js';
export type { ThemeSeries } from './themes/over-time.js';
export type { ReportResult, ReportStage } from './app/report.js';
export type { EvalSummary } from './app/eval.js';
export type { CopySummary } from './app/copy.js';
export type { BeirScores } from './eval/beir.js';
export type { ReportModel, ReportMeta, ReportPaper, ReportTheme, DuplicatePair, PaperNeighbor, ReportFormat } from './report/model.js';
