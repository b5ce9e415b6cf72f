/**
 * The library surface: everything the CLI does, callable from code.
 *
 *   import { openIndex } from 'paperscope';
 *   const index = openIndex({ dir: './index' });
 *   await index.ingest(['papers.jsonl']);
 *   const { hits } = await index.search('memory management for LLM serving', { k: 5 });
 */
import type { ParseOptions } from './corpus/index.js';
import type { DownloadProgress } from './embed/download.js';
import { loadEmbedder, type Embedder } from './embed/embedder.js';
import { isOfflineByEnv, resolveModelsDir } from './embed/model-files.js';
import { resolveModelSpec, type Dtype } from './embed/registry.js';
import type { IngestProgress, IngestSource, IngestSummary } from './ingest/ingest.js';
import type { SearchFilters } from './search/filters.js';
import { searchIndex, validateSearch, type SearchMode, type SearchResponse } from './search/search.js';
import { similarPapers, type SimilarResponse } from './search/similar.js';
import { indexInfo, paperInfo, type IndexInfo, type PaperInfo } from './store/info.js';
import { removeFromIndex, rebuildHnsw, type ReindexSummary, type RemoveSummary } from './store/maintenance.js';
import { assertSameModel, PaperIndex } from './store/paper-index.js';
import { readThemes, refreshThemes, themeMembers, type StoredTheme, type ThemeMember, type ThemeParams, type ThemesOverview } from './store/themes.js';
import { UserError } from './errors.js';
import type { ReportCallOptions, ReportResult } from './report/index.js';

export interface ThemeDetail {
  theme: StoredTheme;
  stale: boolean;
  papers: ThemeMember[];
  neighbors: { theme: number; label: string; similarity: number }[];
}

function sameThemeParams(stored: ThemeParams, asked: ThemeParams): boolean {
  const range = (r?: [number, number]) => (r ? r.join('..') : undefined);
  return (asked.k === undefined || asked.k === stored.k) && (asked.kRange === undefined || range(asked.kRange) === range(stored.kRange)) && (asked.seed === undefined || asked.seed === stored.seed);
}

export interface OpenIndexOptions {
  /** Index directory (default `./index`). */
  dir?: string;
  /** Where models are cached (default: `--models`, `PAPERSCOPE_MODELS`, then the project's `models/`). */
  modelsDir?: string;
  /** Never touch the network (default: `PAPERSCOPE_OFFLINE`). */
  offline?: boolean;
  /** Texts per forward pass when embedding. */
  batchSize?: number;
  threads?: number;
  onDownload?: (p: DownloadProgress) => void;
}

export interface IngestCallOptions {
  model?: string;
  dtype?: Dtype;
  parse?: ParseOptions;
  sources?: IngestSource[];
  windowSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: IngestProgress) => void;
}

export interface SearchCallOptions {
  k?: number;
  mode?: SearchMode;
  filters?: SearchFilters;
  /** Must match the index's model when given. */
  model?: string;
  dtype?: Dtype;
}

export const DEFAULT_INDEX_DIR = 'index';

export function openIndex(opts: OpenIndexOptions = {}): Paperscope {
  return new Paperscope(opts);
}

/** One index directory and the model that reads it. Methods open what they need, lazily. */
export class Paperscope {
  readonly dir: string;
  readonly modelsDir: string;
  readonly offline: boolean;
  private reader?: PaperIndex;
  private embedder?: Embedder;

  constructor(private readonly opts: OpenIndexOptions = {}) {
    this.dir = opts.dir ?? DEFAULT_INDEX_DIR;
    this.modelsDir = resolveModelsDir(opts.modelsDir);
    this.offline = opts.offline ?? isOfflineByEnv();
  }

  async ingest(files: string[], o: IngestCallOptions = {}): Promise<IngestSummary> {
    this.closeReader(); // a reader's HNSW cache would be stale after the write
    // Imported here: the parsers (csv, BibTeX) cost ~0.3 s to load, which search and info never need.
    const { ingest } = await import('./ingest/ingest.js');
    return ingest({
      files,
      sources: o.sources,
      indexDir: this.dir,
      model: o.model,
      dtype: o.dtype,
      parse: o.parse,
      windowSize: o.windowSize,
      signal: o.signal,
      onProgress: o.onProgress,
      loadEmbedder: (model, dtype) => this.loadModel(model, dtype),
    });
  }

  async search(query: string, o: SearchCallOptions = {}): Promise<SearchResponse> {
    const k = o.k ?? 10;
    const mode = o.mode ?? 'hybrid';
    validateSearch(query, k);
    const index = this.openReader();
    let queryVector: Float32Array | undefined;
    if (mode !== 'lexical') {
      const model = index.requireModel();
      if (o.model || o.dtype) assertSameModel(model, resolveModelSpec(o.model ?? model.id).id, o.dtype ?? model.dtype, index.dir);
      const embedder = await this.loadModel(model.id, model.dtype);
      queryVector = await embedder.embedQuery(query);
    }
    return searchIndex(index, { query, k, mode, filters: o.filters, queryVector });
  }

  similar(ref: string, o: { k?: number; filters?: SearchFilters } = {}): SimilarResponse {
    return similarPapers(this.openReader(), ref, o.k ?? 10, o.filters);
  }

  remove(ids: string[]): RemoveSummary {
    this.closeReader();
    return removeFromIndex(this.dir, ids);
  }

  reindex(onProgress?: (done: number, total: number) => void): ReindexSummary {
    this.closeReader();
    return rebuildHnsw(this.dir, onProgress);
  }

  /**
   * The index's themes: computed when there are none, when `refresh` is set, or when k, the k range
   * or the seed differ from the stored run; otherwise read back (and marked stale if papers changed).
   */
  async themes(o: ThemeParams & { refresh?: boolean } = {}): Promise<ThemesOverview> {
    const { refresh, ...params } = o;
    const stored = this.openReader().snapshot(() => readThemes(this.openReader()));
    if (!refresh && stored && sameThemeParams(stored.params, params)) return stored;
    this.closeReader();
    return refreshThemes(this.dir, { ...stored?.params, ...params });
  }

  /** One theme: its papers nearest the centroid first, and the themes closest to it. */
  theme(id: number, o: { limit?: number } = {}): ThemeDetail {
    const index = this.openReader();
    return index.snapshot(() => {
      const overview = readThemes(index);
      if (!overview) throw new UserError(`index ${index.dir} has no themes yet`, 'run paperscope themes first');
      const theme = overview.themes.find((t) => t.id === id);
      if (!theme) throw new UserError(`no theme ${id}: this index has themes 0..${overview.k - 1}`, 'list them with paperscope themes');
      const labelOf = new Map(overview.themes.map((t) => [t.id, t.label]));
      return {
        theme,
        stale: overview.stale,
        papers: themeMembers(index, id, o.limit ?? 50),
        neighbors: theme.neighbors.map((n) => ({ ...n, label: labelOf.get(n.theme) ?? '' })),
      };
    });
  }

  /**
   * A similarity report of the whole index (map, themes, neighbours, near-duplicates): the model,
   * rendered as HTML, Markdown or JSON, and written atomically to `out` when given. Computes the
   * themes first if the index has none. The JSON shape is documented in src/report/model.ts.
   */
  async report(o: ReportCallOptions = {}): Promise<ReportResult> {
    const { runReport } = await import('./report/run.js');
    return runReport(this, o);
  }

  info(): IndexInfo {
    return indexInfo(this.openReader());
  }

  /** One paper as stored, with every name it goes by and every source it was read from. */
  paperInfo(ref: string): PaperInfo[] {
    if (!ref.trim()) throw new UserError('give a paper id', 'e.g. paperscope info 2503.11731');
    const found = paperInfo(this.openReader(), ref);
    if (found.length === 0) throw new UserError(`no paper with id or name "${ref}" in index ${this.dir}`, 'find ids with paperscope search "<title words>" --json');
    return found;
  }

  async close(): Promise<void> {
    this.closeReader();
    await this.embedder?.dispose();
    this.embedder = undefined;
  }

  /** The read connection, opened once; commands that only read never take the write lock. */
  openReader(): PaperIndex {
    if (!this.reader) this.reader = PaperIndex.openRead(this.dir);
    return this.reader;
  }

  private closeReader(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  private async loadModel(model: string, dtype: Dtype): Promise<Embedder> {
    if (this.embedder && this.embedder.spec.id === resolveModelSpec(model).id && this.embedder.dtype === dtype) return this.embedder;
    await this.embedder?.dispose();
    this.embedder = await loadEmbedder({
      model,
      dtype,
      modelsDir: this.modelsDir,
      offline: this.offline,
      batchSize: this.opts.batchSize,
      threads: this.opts.threads,
      onDownload: this.opts.onDownload,
    });
    return this.embedder;
  }
}

export { UserError };
export type { Paper } from './corpus/paper.js';
export type { IngestSummary, IngestProgress } from './ingest/ingest.js';
export type { SearchResponse, SearchMode } from './search/search.js';
export type { SearchHit } from './search/results.js';
export type { SimilarResponse } from './search/similar.js';
export type { SearchFilters } from './search/filters.js';
export type { IndexInfo, PaperInfo, HnswState } from './store/info.js';
export type { RemoveSummary, ReindexSummary } from './store/maintenance.js';
export type { StoredTheme, ThemeMember, ThemesOverview, ThemeParams } from './store/themes.js';
export type { ReportCallOptions, ReportResult, ReportModel, ReportMeta, ReportPaper, ReportTheme, DuplicatePair, PaperNeighbor, ReportFormat } from './report/index.js';
