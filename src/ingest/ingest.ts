import { checkReadable, Deduper, MAX_SKIPS_KEPT, mergePapers, parseFile, type ParseItem, type ParseOptions, type SkippedRecord } from '../corpus/index.js';
import type { FormatName, Paper } from '../corpus/paper.js';
import type { Embedder } from '../embed/embedder.js';
import { DEFAULT_DTYPE, DEFAULT_MODEL, modelKey, resolveModelSpec, type Dtype } from '../embed/registry.js';
import { contentHash, documentText } from '../embed/text.js';
import { translateSqliteError } from '../store/database.js';
import { assertSameModel, PaperIndex, type PinnedModel } from '../store/paper-index.js';
import { findStoredDuplicate, getPaperById, upsertPaper } from '../store/papers.js';
import { hasEmbedding, paperVector, putEmbeddings } from '../store/vectors.js';

/** Loads the model on first need. Its caller owns the embedder and disposes of it. */
export type EmbedderFactory = (model: string, dtype: Dtype) => Promise<Embedder>;

/** Records from somewhere other than files (the BEIR evaluation builds its own), labelled by origin. */
export interface IngestSource {
  name: string;
  items: AsyncIterable<ParseItem>;
}

export interface IngestOptions {
  files: string[];
  /** Extra record streams ingested after the files. */
  sources?: IngestSource[];
  indexDir: string;
  /** Defaults to the model the index is pinned to, or all-MiniLM-L6-v2 for a new index. */
  model?: string;
  dtype?: Dtype;
  loadEmbedder: EmbedderFactory;
  parse?: ParseOptions;
  /** Papers committed per transaction: an interruption loses at most this many papers' work. */
  windowSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress {
  phase: 'read' | 'embed' | 'index';
  /** Records read whose papers are committed or being embedded (read/embed), or vectors placed in the HNSW (index). */
  done: number;
  embedded: number;
  total?: number;
}

export interface IngestSummary {
  files: { file: string; format?: FormatName; papers: number }[];
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  /** The first 1,000 skipped records with their reasons; `skippedCount` counts them all. */
  skipped: SkippedRecord[];
  skippedCount: number;
  embedded: number;
  reusedEmbeddings: number;
  papersInIndex: number;
  model: { id: string; dtype: Dtype; dims: number };
  seconds: number;
  embedSeconds: number;
  interrupted: boolean;
}

const DEFAULT_WINDOW = 256;

/**
 * Parses the files, embeds what the index does not have yet, stores papers and vectors, and brings
 * the HNSW file up to date. Each window of papers is one transaction; embeddings are cached by text
 * hash, so an interrupted ingest run again continues where it stopped without re-embedding.
 */
export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const index = PaperIndex.openWrite(opts.indexDir, 'ingest');
  try {
    return await new IngestRun(index, opts, started).run();
  } catch (err) {
    throw translateSqliteError(err, index.dir) ?? err;
  } finally {
    index.close();
  }
}

class IngestRun {
  private readonly summary: IngestSummary;
  private readonly deduper: Deduper;
  private readonly windowSize: number;
  private window = new Map<string, Paper>();
  private embedder?: Embedder;
  private pinned?: PinnedModel;
  /**
   * Records read whose papers are committed: what the progress bar counts. Records, not papers, so that
   * with duplicates merged it still ends at the number of records a caller counted in the files.
   */
  private committed = 0;
  /** Rowids whose vector changed: the HNSW update touches only these. */
  private readonly changed = new Set<number>();
  private readonly baseHnsw;

  constructor(
    private readonly index: PaperIndex,
    private readonly opts: IngestOptions,
    private readonly started: number,
  ) {
    this.windowSize = opts.windowSize ?? DEFAULT_WINDOW;
    this.deduper = new Deduper((paper, keys) => findStoredDuplicate(index.db, paper, keys));
    this.pinned = index.model;
    const model = opts.model ?? this.pinned?.id ?? DEFAULT_MODEL;
    const dtype = opts.dtype ?? this.pinned?.dtype ?? DEFAULT_DTYPE;
    const spec = resolveModelSpec(model);
    if (this.pinned) assertSameModel(this.pinned, spec.id, dtype, index.dir);
    this.baseHnsw = index.hnswFresh ? index.hnswFile : undefined;
    this.summary = {
      files: [],
      read: 0,
      new: 0,
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      skipped: [],
      skippedCount: 0,
      embedded: 0,
      reusedEmbeddings: 0,
      papersInIndex: 0,
      model: { id: spec.id, dtype, dims: this.pinned?.dims ?? spec.dims ?? 0 },
      seconds: 0,
      embedSeconds: 0,
      interrupted: false,
    };
  }

  async run(): Promise<IngestSummary> {
    for (const file of this.opts.files) await checkReadable(file);
    for (const source of this.sources()) {
      const entry: IngestSummary['files'][number] = { file: source.name, papers: 0 };
      this.summary.files.push(entry);
      for await (const item of source.items) {
        if (item.kind === 'skip') {
          this.skip(item.skip);
          continue;
        }
        entry.format = item.paper.source.format;
        entry.papers++;
        this.summary.read++;
        await this.accept(item.paper);
        if (this.window.size >= this.windowSize) await this.flush();
        if (this.opts.signal?.aborted) break;
      }
      if (this.opts.signal?.aborted) break;
    }
    if (this.opts.signal?.aborted) this.summary.interrupted = true;
    else await this.flush();
    // An interrupted run leaves the HNSW file behind the database; searches stay exact until the next run.
    if (!this.summary.interrupted && (this.changed.size > 0 || !this.index.hnswFresh) && this.index.model) this.updateHnsw();
    this.summary.papersInIndex = this.index.countPapers();
    this.summary.seconds = (performance.now() - this.started) / 1000;
    return this.summary;
  }

  /** Every skip is counted; the first MAX_SKIPS_KEPT are kept with their reasons (memory stays bounded). */
  private skip(record: SkippedRecord): void {
    this.summary.skippedCount++;
    if (this.summary.skipped.length < MAX_SKIPS_KEPT) this.summary.skipped.push(record);
  }

  private sources(): IngestSource[] {
    const fromFiles = this.opts.files.map((file) => ({ name: file, items: parseFile(file, this.opts.parse) }));
    return [...fromFiles, ...(this.opts.sources ?? [])];
  }

  /**
   * A paper seen twice (same id, arXiv id, DOI, or title and abstract), in this run or already in the
   * index under another id, is merged into its first occurrence, pending or stored, under that one's id.
   */
  private async accept(paper: Paper): Promise<void> {
    const firstId = this.deduper.record(paper);
    if (firstId === undefined) {
      this.window.set(paper.id, paper);
      return;
    }
    this.summary.duplicates++;
    const pending = this.window.get(firstId);
    if (pending) {
      this.window.set(firstId, mergePapers(pending, paper));
      return;
    }
    const stored = getPaperById(this.index.db, firstId);
    this.window.set(firstId, stored ? mergePapers(stored.paper, paper) : paper);
  }

  private async flush(): Promise<void> {
    if (this.window.size === 0) return;
    const papers = [...this.window.values()];
    const records = this.summary.read - this.committed; // this window's, duplicates included
    this.window = new Map();
    const hashes = papers.map((p) => contentHash(p.title, p.abstract));
    await this.embedMissing(papers, hashes, records);
    const now = new Date().toISOString();
    const db = this.index.db;
    db.transaction(() => {
      let changedAny = false;
      papers.forEach((paper, i) => {
        const { rowid, outcome, textChanged } = upsertPaper(db, paper, hashes[i], now);
        this.summary[outcome]++;
        if (outcome !== 'unchanged') changedAny = true;
        if (textChanged) this.changed.add(rowid);
      });
      if (changedAny) this.index.bumpGeneration();
    })();
    this.committed += records;
    this.report('read', this.committed);
  }

  /** Embeds the texts of this window that no earlier run (or paper) has embedded under this model. */
  private async embedMissing(papers: Paper[], hashes: string[], records: number): Promise<void> {
    const key = modelKey(this.summary.model.id, this.summary.model.dtype);
    const todo = new Map<string, string>();
    papers.forEach((p, i) => {
      if (todo.has(hashes[i])) return;
      if (this.pinned && hasEmbedding(this.index.db, key, hashes[i])) this.summary.reusedEmbeddings++;
      else todo.set(hashes[i], documentText(p.title, p.abstract));
    });
    if (todo.size === 0) return;
    const embedder = await this.ensureEmbedder();
    const t0 = performance.now();
    const texts = [...todo.values()];
    const base = this.summary.embedded;
    const vectors = await embedder.embedDocuments(texts, (done) => {
      this.summary.embedded = base + done;
      // The window's records count as done in proportion to its texts embedded so far.
      this.report('embed', this.committed + Math.floor((done / texts.length) * records));
    });
    this.summary.embedSeconds += (performance.now() - t0) / 1000;
    const dims = embedder.dims;
    putEmbeddings(
      this.index.db,
      key,
      [...todo.keys()].map((hash, i) => ({ hash, vector: vectors.subarray(i * dims, (i + 1) * dims) })),
    );
  }

  /** The model is loaded only when some text needs embedding: re-ingesting unchanged files never loads it. */
  private async ensureEmbedder(): Promise<Embedder> {
    if (this.embedder) return this.embedder;
    const { id, dtype } = this.summary.model;
    this.embedder = await this.opts.loadEmbedder(id, dtype);
    this.pinned = this.index.pinModel(id, dtype, this.embedder.dims);
    this.summary.model.dims = this.embedder.dims;
    return this.embedder;
  }

  private updateHnsw(): void {
    const model = this.index.requireModel();
    const { vectors, rebuilt } = this.index.vectorIndexFrom(this.baseHnsw, (done, total) => this.report('index', done, total));
    if (!rebuilt) {
      let done = 0;
      for (const rowid of this.changed) {
        const v = paperVector(this.index.db, model.key, rowid);
        if (v) vectors.add(rowid, v);
        if (++done % 500 === 0) this.report('index', done, this.changed.size);
      }
    }
    this.index.db.transaction(() => this.index.saveVectorIndex(vectors))();
  }

  private report(phase: IngestProgress['phase'], done: number, total?: number): void {
    this.opts.onProgress?.({ phase, done, embedded: this.summary.embedded, total });
  }
}
