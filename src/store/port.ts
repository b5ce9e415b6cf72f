/**
 * The storage port: everything the use cases (src/app/) need from an index, whatever holds it. The
 * SQLite + HNSW directory (store/sqlite/) is one adapter; a server-backed one (PostgreSQL + pgvector)
 * implements the same interfaces. Every operation returns a promise, because a server answers over
 * the network; the SQLite adapter answers at once.
 *
 * Contract for every adapter:
 * - `read(fn)` gives `fn` one consistent snapshot: nothing a writer commits meanwhile is seen, and
 *   readers never block writers.
 * - Each writer method is atomic: it happens whole or not at all.
 * - Paper labels are given when a paper is first stored and never reused.
 * - Filtered dense search does not lose the top k (it is exact when few papers pass the filters).
 */
import type { Paper } from '../corpus/paper.js';
import type { Dtype } from '../embed/registry.js';
import { UserError } from '../errors.js';
import type { ThemeResult } from '../themes/types.js';
import type {
  DenseResult,
  IndexInfo,
  LexicalHit,
  Membership,
  NeighborSearch,
  PaperInfo,
  PaperText,
  PinnedModel,
  PutOutcome,
  SearchFilters,
  StoredPaper,
  ThemeAssignment,
  ThemeDate,
  ThemeMember,
  ThemeTag,
  ThemeParams,
  ThemesOverview,
  VectorMatrix,
} from './records.js';

export interface IndexStore {
  /** Where the index is, as messages name it. */
  readonly location: string;
  /** Runs `fn` on one consistent snapshot of the index. Fails with a UserError when there is no index. */
  read<T>(fn: (index: IndexReader) => Promise<T>): Promise<T>;
  /** Runs `fn` as a writer of the index, which is created when missing. `command` names the writer to others. */
  write<T>(command: string, fn: (index: IndexWriter) => Promise<T>): Promise<T>;
  /** Waits for the reads and writes under way, then lets go of every resource. */
  close(): Promise<void>;
}

export interface IndexReader {
  readonly location: string;
  /** Undefined until the first ingest pins one. */
  model(): Promise<PinnedModel | undefined>;
  countPapers(): Promise<number>;
  info(): Promise<IndexInfo>;

  /**
   * The papers a user's reference names: the one with that id or key (an arXiv id or DOI, also as pasted:
   * `arXiv:2503.11731v2`, a doi.org link), else every paper a source called so (`mypaper-1`, a BibTeX key,
   * a PubMed id): several when two files used the same name.
   */
  papersNamed(ref: string): Promise<StoredPaper[]>;
  /** Stored papers a source called `name` (not unique: two files may use one name for different papers). */
  papersWithName(name: string): Promise<StoredPaper[]>;
  /** Each paper `ref` names, with all its names and whether it has a vector. */
  paperInfo(ref: string): Promise<PaperInfo[]>;
  papersByLabel(labels: readonly number[]): Promise<Map<number, StoredPaper>>;
  /** Every paper, in label order. */
  allPapers(): Promise<StoredPaper[]>;
  /** Titles and abstracts of these papers, in the order asked. */
  paperTexts(labels: ArrayLike<number>): Promise<PaperText[]>;

  paperVector(label: number): Promise<Float32Array | undefined>;
  /** Every paper's vector, in label order (papers without one are left out). */
  vectorMatrix(): Promise<VectorMatrix>;

  /** Cached vectors of the pinned model that no paper holds now (removed papers, changed texts): what spares a re-ingest of them the embedding. */
  unusedVectors(): Promise<{ hash: string; vector: Float32Array }[]>;

  /** Nearest papers to `query` by cosine, honouring filters without losing the top k. */
  denseSearch(query: Float32Array, limit: number, o?: { filters?: SearchFilters; exclude?: number }): Promise<DenseResult>;
  /** Papers matching the words of `text` (any of them), best first; `titleOnly` matches titles alone. */
  lexicalSearch(text: string, limit: number, o?: { filters?: SearchFilters; titleOnly?: boolean }): Promise<LexicalHit[]>;
  /** Each row's k nearest other rows, for rows `matrix` (of `labels`) read from this snapshot. */
  neighborGraph(matrix: Float32Array, labels: Int32Array, k: number): Promise<NeighborSearch>;

  /** The stored themes, largest first, or undefined when none were computed. */
  themes(): Promise<ThemesOverview | undefined>;
  /** One theme's papers, nearest its centroid first; with `subtheme`, that sub-theme's, nearest its own centroid first. */
  themeMembers(theme: number, limit: number, subtheme?: number): Promise<ThemeMember[]>;
  /** The theme (and sub-theme) of each of these papers that has one. */
  themesOf(labels: readonly number[]): Promise<Map<number, ThemeTag>>;
  /** Every paper's theme, by label. */
  themeMembership(): Promise<Map<number, Membership>>;
  /** The theme centroids, by theme id. */
  themeCentroids(): Promise<Float32Array[]>;
  /** Every themed paper's theme and date (placed papers included). */
  themeDates(): Promise<ThemeDate[]>;
  /** Each split theme's sub-theme centroids, sub-theme 1 first. */
  subthemeCentroids(): Promise<Map<number, Float32Array[]>>;
  /** Vectors of the papers that have one and no theme (ingested, or their text changed, since the themes were fitted). */
  unthemedVectors(): Promise<VectorMatrix>;
}

export interface IndexWriter extends IndexReader {
  /** The first ingest pins the model; later ones must use the same (the vectors would not compare). */
  pinModel(id: string, dtype: Dtype, dims: number): Promise<PinnedModel>;
  /** For each paper, the stored paper it is (by its id, arXiv id, DOI, PubMed id, or title and abstract), else undefined. */
  storedMatches(papers: readonly Paper[]): Promise<(StoredPaper | undefined)[]>;
  /**
   * Of these text hashes, those with a vector cached under `modelKey`, those this writer is to embed
   * (`embed`: claimed until it puts their vectors), and those another writer is embedding (`pending`: ask
   * again after putting yours; by then they are usually cached). When nothing is left to embed but some
   * are pending, waits for them first. With one writer at a time nothing is ever pending.
   */
  claimVectors(modelKey: string, hashes: readonly string[]): Promise<{ cached: string[]; embed: string[]; pending: string[] }>;
  /**
   * Runs `fn` (lookups, then writes that build on them) with no other writer of the index inside its own
   * `exclusive` meanwhile, in one transaction: what lets several writers merge into the same papers.
   * `othersWrote`: another writer may have changed the papers since this one last looked them up
   * (storedMatches); when false, what those lookups found still holds. With one writer at a time: false.
   */
  exclusive<T>(fn: (othersWrote: boolean) => Promise<T>): Promise<T>;
  /** Caches vectors by text hash (ending this writer's claims on them); one already cached is kept. */
  putVectors(modelKey: string, items: readonly { hash: string; vector: Float32Array }[]): Promise<void>;
  /** Inserts or replaces papers by id, with the hash of their embedded text. A paper whose text changed loses its theme (its vector did). */
  putPapers(items: readonly { paper: Paper; hash: string }[]): Promise<{ label: number; outcome: PutOutcome }[]>;
  /**
   * Removes papers by reference (as papersNamed reads one), all or nothing: when any names no paper, or
   * several, nothing is removed and those are named.
   */
  removePapers(refs: readonly string[]): Promise<{ removed: string[]; unknown: string[]; ambiguous: { ref: string; ids: string[] }[] }>;
  /** Brings the vector index up to date with this writer's changes (searches are exact until then). */
  updateVectorIndex(onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Rebuilds the vector index from the stored vectors. */
  rebuildVectorIndex(onProgress?: (done: number, total: number) => void): Promise<{ vectors: number; bytes: number }>;
  /** Replaces the stored themes and their sub-themes; row i of `result` is the paper `labels[i]`. */
  saveThemes(labels: Int32Array, result: ThemeResult, params: ThemeParams): Promise<void>;
  /** Places papers in themes without a refit, marked assigned; a later saveThemes replaces them with fitted ones. */
  assignThemes(items: readonly ThemeAssignment[]): Promise<void>;
}

/** The pinned model, or the error that says there is nothing to work on yet. */
export async function requireModel(index: IndexReader): Promise<PinnedModel> {
  const model = await index.model();
  if (!model) throw noPapersYet(index.location);
  return model;
}

/** An index no ingest has pinned a model to: it holds nothing to search, cluster or report. */
export function noPapersYet(location: string): UserError {
  return new UserError(`index ${location} has no papers yet`, 'run paperscope ingest <files> first');
}

export function assertSameModel(pinned: PinnedModel, id: string, dtype: Dtype, location: string): void {
  if (pinned.id.toLowerCase() !== id.toLowerCase() || pinned.dtype !== dtype) {
    throw new UserError(
      `index ${location} was built with ${pinned.id} (${pinned.dtype}), not ${id} (${dtype})`,
      `leave out the model and dtype to use the index's own, or build a separate index elsewhere`,
    );
  }
}
