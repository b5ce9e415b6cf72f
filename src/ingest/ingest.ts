import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { checkReadable, Deduper, MAX_SKIPS_KEPT, mergePapers, parseFile, reconcileStored, withId, type ParseItem, type ParseOptions, type SkippedRecord } from '../corpus/index.js';
import type { FormatName, Paper } from '../corpus/paper.js';
import type { Embedder } from '../embed/embedder.js';
import { DEFAULT_DTYPE, DEFAULT_MODEL, modelKey, resolveModelSpec, type Dtype } from '../embed/registry.js';
import { contentHash, documentText } from '../embed/text.js';
import { DB_FILE, translateSqliteError } from '../store/database.js';
import { assertSameModel, PaperIndex, type PinnedModel } from '../store/paper-index.js';
import { findStoredPaper, papersWithName, upsertPaper, type StoredPaper } from '../store/papers.js';
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
  /** Records merged into an earlier record of this run; a record of a paper already stored counts as updated or unchanged. */
  duplicates: number;
  /** The first 1,000 skipped records with their reasons; `skippedCount` counts them all. */
  skipped: SkippedRecord[];
  skippedCount: number;
  embedded: number;
  reusedEmbeddings: number;
  /** Papers embedded in this run whose text was longer than the model reads: their vector covers the start (lexical search sees the first 4,000 characters of the abstract). */
  truncatedForEmbedding: number;
  /** How many tokens the model reads. */
  modelMaxTokens: number;
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
  // Before the index exists: `ingest nosuch.jsonl` must not leave an index folder behind.
  for (const file of opts.files) await checkReadable(file);
  const dir = resolve(opts.indexDir);
  const existed = { dir: existsSync(dir), db: existsSync(join(dir, DB_FILE)) };
  const index = PaperIndex.openWrite(opts.indexDir, 'ingest');
  let stored = true;
  try {
    const summary = await new IngestRun(index, opts, started).run();
    stored = summary.papersInIndex > 0;
    return summary;
  } catch (err) {
    stored = hasPapers(index);
    throw translateSqliteError(err, index.dir) ?? err;
  } finally {
    index.close();
    // An ingest that stored nothing in a new index leaves no index: no empty database, no pinned model.
    if (!stored && !existed.db) removeNewIndex(dir, existed.dir);
  }
}

/** Whether anything was committed; a database that cannot even be counted is left for the user to look at. */
function hasPapers(index: PaperIndex): boolean {
  try {
    return !index.db.open || index.countPapers() > 0;
  } catch {
    return true;
  }
}

function removeNewIndex(dir: string, keepDir: boolean): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(DB_FILE) || /^vectors-\d+\.hnsw/.test(name)) rmSync(join(dir, name), { force: true });
  }
  if (!keepDir && readdirSync(dir).length === 0) rmdirSync(dir);
}

class IngestRun {
  private readonly summary: IngestSummary;
  private readonly deduper: Deduper;
  private readonly windowSize: number;
  private window = new Map<string, Paper>();
  private embedder?: Embedder;
  /** The embedder's count of truncated documents when this run got it (a library caller reuses one across runs). */
  private truncatedBefore = 0;
  private pinned?: PinnedModel;
  /**
   * Records read whose papers are committed: what the progress bar counts. Records, not papers, so that
   * with duplicates merged it still ends at the number of records a caller counted in the files.
   */
  private committed = 0;
  /** Rowids whose vector changed: the HNSW update touches only these. */
  private readonly changed = new Set<number>();
  /** Rowids this run has written: a later record of the same paper merges into them, never replaces them. */
  private readonly written = new Set<number>();
  private readonly baseHnsw;

  constructor(
    private readonly index: PaperIndex,
    private readonly opts: IngestOptions,
    private readonly started: number,
  ) {
    this.windowSize = opts.windowSize ?? DEFAULT_WINDOW;
    this.deduper = new Deduper();
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
      truncatedForEmbedding: 0,
      modelMaxTokens: spec.maxTokens,
      papersInIndex: 0,
      model: { id: spec.id, dtype, dims: this.pinned?.dims ?? spec.dims ?? 0 },
      seconds: 0,
      embedSeconds: 0,
      interrupted: false,
    };
  }

  async run(): Promise<IngestSummary> {
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
    else if (this.summary.read === 0) throw this.noPapers();
    else await this.flush();
    // An interrupted run leaves the HNSW file behind the database; searches stay exact until the next run.
    if (!this.summary.interrupted && (this.changed.size > 0 || !this.index.hnswFresh) && this.index.model) this.updateHnsw();
    this.summary.papersInIndex = this.index.countPapers();
    this.summary.seconds = (performance.now() - this.started) / 1000;
    return this.summary;
  }

  /** Nothing to ingest is a mistake to point out, not a success with 0 papers. */
  private noPapers(): UserError {
    const { skipped, skippedCount } = this.summary;
    const names = this.summary.files.map((f) => f.file).join(', ');
    const first = skipped[0];
    const why = first ? `; ${skippedCount} record${skippedCount === 1 ? ' was' : 's were'} skipped, the first at ${first.file}:${first.line}: ${first.reason}` : '';
    return new UserError(`found no papers in ${names}${why}`, 'check what paperscope reads with paperscope parse <files>; nothing was written to the index');
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
   * A paper seen twice in this run (same id, arXiv id, DOI, PubMed id, or title and abstract) is merged into
   * its first occurrence while that is pending; what the index already holds is met at flush time.
   */
  private async accept(paper: Paper): Promise<void> {
    const firstId = this.deduper.record(paper);
    if (firstId === undefined) {
      this.window.set(paper.id, paper);
      return;
    }
    this.summary.duplicates++;
    const pending = this.window.get(firstId);
    this.window.set(firstId, pending ? mergePapers(pending, paper) : paper);
  }

  /**
   * The window's papers as they will be stored: each one the index already holds (by any of its keys) is
   * merged into the stored paper, under its stored id, so an export that knows less never replaces what an
   * earlier one gave.
   */
  private reconciled(pending: Paper[]): Paper[] {
    const sameFile = (a: string, b: string): boolean => resolve(a) === resolve(b);
    const fresh: Paper[] = [];
    const byRowid = new Map<number, Paper>();
    for (const paper of pending) {
      const stored = findStoredPaper(this.index.db, paper) ?? this.sameRecord(paper, sameFile);
      if (!stored) {
        fresh.push(paper);
        continue;
      }
      const current = byRowid.get(stored.rowid) ?? (this.written.has(stored.rowid) ? stored.paper : undefined);
      byRowid.set(stored.rowid, current ? withId(mergePapers(current, paper), stored.paper.id) : reconcileStored(stored.paper, paper, sameFile));
    }
    return [...fresh, ...byRowid.values()];
  }

  /**
   * A record without arXiv id or DOI whose text changed has a new text key; the id its file gives it (`mypaper-1`)
   * and the file itself still tell it is the record an earlier run stored from that file.
   */
  private sameRecord(paper: Paper, sameFile: (a: string, b: string) => boolean): StoredPaper | undefined {
    for (const name of paper.aliases ?? []) {
      const fromFile = papersWithName(this.index.db, name).filter((s) => s.paper.sources.some((src) => paper.sources.some((p) => sameFile(p.file, src.file))));
      if (fromFile.length === 1) return fromFile[0];
    }
    return undefined;
  }

  private async flush(): Promise<void> {
    if (this.window.size === 0) return;
    const papers = this.reconciled([...this.window.values()]);
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
        this.written.add(rowid);
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
    this.summary.truncatedForEmbedding = embedder.truncatedDocuments - this.truncatedBefore;
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
    this.truncatedBefore = this.embedder.truncatedDocuments;
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
