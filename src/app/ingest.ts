import { resolve } from 'node:path';
import { checkReadable, Deduper, MAX_SKIPS_KEPT, mergePapers, parseFile, reconcileStored, withId, type ParseItem, type ParseOptions, type SkippedRecord } from '../corpus/index.js';
import type { FormatName, Paper } from '../corpus/paper.js';
import type { Embedder } from '../embed/embedder.js';
import { DEFAULT_DTYPE, DEFAULT_MODEL, modelKey, resolveModelSpec, type Dtype } from '../embed/registry.js';
import { contentHash, documentText } from '../embed/text.js';
import { MODEL_OPTIONS, PARSE_OPTIONS } from '../options/catalog.js';
import { definedOnly, resolveOptions, type OptionValues } from '../options/spec.js';
import { assertSameModel, type IndexStore, type IndexWriter } from '../store/port.js';
import type { PinnedModel, StoredPaper } from '../store/records.js';
import { UserError } from '../errors.js';
import type { AppContext } from './context.js';
import { placeNewPapers } from './themes.js';

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
  /** Defaults to the model the index is pinned to, or all-MiniLM-L6-v2 for a new index. */
  model?: string;
  dtype?: Dtype;
  loadEmbedder: EmbedderFactory;
  parse?: ParseOptions;
  /**
   * Merge records that are the same paper under other ids (arXiv id, DOI, PubMed id, title and abstract), in
   * the run and with what the index holds; default true. Off for a BEIR corpus, where every `_id` is its own
   * document whatever its text.
   */
  mergeDuplicates?: boolean;
  /** Records read per window, each window committed at once: an interruption loses at most this many records' work. */
  windowSize?: number;
  /** Count the files' papers first, so progress reports carry a total (a few seconds per 35,000 papers). */
  countFirst?: boolean;
  /** An AbortSignal (only `aborted` is read): when it is aborted, the window in flight is committed and the run stops. */
  signal?: { readonly aborted: boolean };
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress {
  phase: 'read' | 'embed' | 'index';
  /** Records read whose papers are committed or being embedded (read/embed), or vectors placed in the HNSW (index). */
  done: number;
  embedded: number;
  /** What `done` counts up to, when known (the files' records when counted first; the vectors to index). */
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
  /** Papers placed in their nearest theme and sub-theme because the index has themes (marked assigned until `themes --refresh`). */
  placedInThemes: number;
  model: { id: string; dtype: Dtype; dims: number };
  seconds: number;
  embedSeconds: number;
  interrupted: boolean;
}

const DEFAULT_WINDOW = 256;

const INGEST_OPTIONS = [...MODEL_OPTIONS, ...PARSE_OPTIONS] as const;
export type IngestFilesOptions = OptionValues<typeof INGEST_OPTIONS> & Pick<IngestOptions, 'signal' | 'onProgress' | 'windowSize' | 'countFirst'>;

/** The ingest use case: the files, parsed with these options, into the context's index with its models. */
export function ingestFiles(ctx: AppContext, files: string[], options: IngestFilesOptions = {}): Promise<IngestSummary> {
  const { model, dtype, ...parse } = resolveOptions(INGEST_OPTIONS, options);
  return ingest(ctx.store, {
    files,
    model,
    dtype,
    parse: { ...definedOnly(parse), maxDecompressedBytes: ctx.settings.gunzipLimit },
    loadEmbedder: (m, d) => ctx.embedder(m, d),
    windowSize: options.windowSize,
    countFirst: options.countFirst,
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

/**
 * Parses the files, embeds what the index does not have yet, stores papers and vectors, and brings
 * the vector index up to date. Each window of papers is committed at once; embeddings are cached by
 * text hash, so an interrupted ingest run again continues where it stopped without re-embedding.
 */
export async function ingest(store: IndexStore, opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  // Before the index is opened: `ingest nosuch.jsonl` writes nothing, and a typo in the second file name
  // fails before the first is read. (A write that leaves a new index empty leaves no index: the store's rule.)
  for (const file of opts.files) await checkReadable(file);
  const total = opts.countFirst ? await countPapers(opts.files, opts.parse) : undefined;
  return store.write('ingest', async (index) => new IngestRun(index, opts, started, await index.model(), total).run());
}

async function countPapers(files: string[], parse: ParseOptions | undefined): Promise<number | undefined> {
  let n = 0;
  try {
    for (const file of files) for await (const item of parseFile(file, parse)) if (item.kind === 'paper') n++;
  } catch {
    return undefined; // the ingest itself reports the problem, with its context
  }
  return n;
}

class IngestRun {
  private readonly summary: IngestSummary;
  private readonly deduper?: Deduper;
  private readonly windowSize: number;
  private window = new Map<string, Paper>();
  private embedder?: Embedder;
  /** The embedder's count of truncated documents when this run got it (an instance reuses one across runs). */
  private truncatedBefore = 0;
  /**
   * Records read whose papers are committed: what the progress bar counts. Records, not papers, so that
   * with duplicates merged it still ends at the number of records a caller counted in the files.
   */
  private committed = 0;
  /** Labels this run has written: a later record of the same paper merges into them, never replaces them. */
  private readonly written = new Set<number>();

  constructor(
    private readonly index: IndexWriter,
    private readonly opts: IngestOptions,
    private readonly started: number,
    private pinned: PinnedModel | undefined,
    /** Records the files hold, when counted first. */
    private readonly total: number | undefined,
  ) {
    this.windowSize = opts.windowSize ?? DEFAULT_WINDOW;
    if (opts.mergeDuplicates !== false) this.deduper = new Deduper();
    const model = opts.model ?? pinned?.id ?? DEFAULT_MODEL;
    const dtype = opts.dtype ?? pinned?.dtype ?? DEFAULT_DTYPE;
    const spec = resolveModelSpec(model);
    if (pinned) assertSameModel(pinned, spec.id, dtype, index.location);
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
      placedInThemes: 0,
      model: { id: spec.id, dtype, dims: pinned?.dims ?? spec.dims ?? 0 },
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
        this.accept(item.paper);
        if (this.window.size >= this.windowSize) await this.flush();
        if (this.opts.signal?.aborted) break;
      }
      if (this.opts.signal?.aborted) break;
    }
    if (this.opts.signal?.aborted) this.summary.interrupted = true;
    else if (this.summary.read === 0) throw this.noPapers();
    else await this.flush();
    // An interrupted run leaves the vector index behind the papers; searches stay exact until the next run.
    if (!this.summary.interrupted) {
      await this.index.updateVectorIndex((done, total) => this.report('index', done, total));
      // An interrupted run places nothing: the next run places every paper still without a theme.
      this.summary.placedInThemes = await placeNewPapers(this.index);
    }
    this.summary.papersInIndex = await this.index.countPapers();
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
  private accept(paper: Paper): void {
    const firstId = this.deduper?.record(paper);
    if (firstId === undefined) {
      this.window.set(paper.id, paper);
      return;
    }
    this.summary.duplicates++;
    const pending = this.window.get(firstId);
    this.window.set(firstId, pending ? mergePapers(pending, paper) : paper);
  }

  /**
   * The window's papers as they will be stored: each one the index already holds (by any of its keys, looked
   * up for the whole window at once) is merged into the stored paper, under its stored id, so an export that
   * knows less never replaces what an earlier one gave.
   */
  private async reconciled(pending: Paper[]): Promise<Paper[]> {
    const sameFile = (a: string, b: string): boolean => resolve(a) === resolve(b);
    const matches = await this.index.storedMatches(pending);
    const fresh: Paper[] = [];
    const byLabel = new Map<number, Paper>();
    for (const [i, paper] of pending.entries()) {
      const match = this.deduper ? (matches[i] ?? (await this.sameRecord(paper, sameFile))) : matches[i]?.paper.id === paper.id ? matches[i] : undefined;
      if (!match) {
        fresh.push(paper);
        continue;
      }
      const current = byLabel.get(match.label) ?? (this.written.has(match.label) ? match.paper : undefined);
      byLabel.set(match.label, current ? withId(mergePapers(current, paper), match.paper.id) : reconcileStored(match.paper, paper, sameFile));
    }
    return [...fresh, ...byLabel.values()];
  }

  /**
   * A record without arXiv id or DOI whose text changed has a new text key; the id its file gives it (`mypaper-1`)
   * and the file itself still tell it is the record an earlier run stored from that file.
   */
  private async sameRecord(paper: Paper, sameFile: (a: string, b: string) => boolean): Promise<StoredPaper | undefined> {
    for (const name of paper.aliases ?? []) {
      const named = await this.index.papersWithName(name);
      const fromFile = named.filter((s) => s.paper.sources.some((src) => paper.sources.some((p) => sameFile(p.file, src.file))));
      if (fromFile.length === 1) return fromFile[0];
    }
    return undefined;
  }

  /**
   * Commits the window. The texts are embedded first, for the papers as stored now; then the window is written
   * in one `exclusive` step, merged again with what is stored if another writer wrote meanwhile, so a paper it
   * stored is merged into, not stored twice nor overwritten (its text, if the merge changed it, is embedded there).
   */
  private async flush(): Promise<void> {
    if (this.window.size === 0) return;
    const pending = [...this.window.values()];
    const records = this.summary.read - this.committed; // this window's, duplicates included
    this.window = new Map();
    const first = await this.reconciled(pending);
    const firstHashes = await this.embedMissing(first, records, true);
    const outcomes = await this.index.exclusive(async (othersWrote) => {
      const papers = othersWrote ? await this.reconciled(pending) : first;
      const hashes = othersWrote ? await this.embedMissing(papers, records, false) : firstHashes;
      return this.index.putPapers(papers.map((paper, i) => ({ paper, hash: hashes[i] })));
    });
    for (const { label, outcome } of outcomes) {
      this.written.add(label);
      this.summary[outcome]++;
    }
    this.committed += records;
    this.report('read', this.committed);
  }

  /**
   * Embeds the texts of these papers that no earlier run (or paper, or other writer) has embedded under this
   * model, and returns each paper's text hash. `count`: this call's reuse counts in the summary.
   */
  private async embedMissing(papers: Paper[], records: number, count: boolean): Promise<string[]> {
    const key = modelKey(this.summary.model.id, this.summary.model.dtype);
    const hashes = papers.map((p) => contentHash(p.title, p.abstract));
    const texts = new Map<string, string>();
    papers.forEach((p, i) => texts.set(hashes[i], documentText(p.title, p.abstract)));
    let todo = [...texts.keys()];
    while (todo.length > 0) {
      const { cached, embed, pending } = await this.index.claimVectors(key, todo);
      if (count) this.summary.reusedEmbeddings += cached.length;
      if (embed.length > 0) await this.embed(key, embed.map((hash) => [hash, texts.get(hash)!] as const), records);
      todo = pending;
    }
    return hashes;
  }

  private async embed(key: string, todo: readonly (readonly [string, string])[], records: number): Promise<void> {
    const embedder = await this.ensureEmbedder();
    const t0 = performance.now();
    const texts = todo.map(([, text]) => text);
    const base = this.summary.embedded;
    const vectors = await embedder.embedDocuments(texts, (done) => {
      this.summary.embedded = base + done;
      // The window's records count as done in proportion to its texts embedded so far.
      this.report('embed', this.committed + Math.floor((done / texts.length) * records));
    });
    this.summary.embedSeconds += (performance.now() - t0) / 1000;
    this.summary.truncatedForEmbedding = embedder.truncatedDocuments - this.truncatedBefore;
    const dims = embedder.dims;
    await this.index.putVectors(
      key,
      todo.map(([hash], i) => ({ hash, vector: vectors.subarray(i * dims, (i + 1) * dims) })),
    );
  }

  /** The model is loaded only when some text needs embedding: re-ingesting unchanged files never loads it. */
  private async ensureEmbedder(): Promise<Embedder> {
    if (this.embedder) return this.embedder;
    const { id, dtype } = this.summary.model;
    this.embedder = await this.opts.loadEmbedder(id, dtype);
    this.truncatedBefore = this.embedder.truncatedDocuments;
    this.pinned = await this.index.pinModel(id, dtype, this.embedder.dims);
    this.summary.model.dims = this.embedder.dims;
    return this.embedder;
  }

  /** Reading and embedding count records against the files' total (when counted); indexing counts vectors. */
  private report(phase: IngestProgress['phase'], done: number, total = phase === 'index' ? undefined : this.total): void {
    this.opts.onProgress?.({ phase, done, embedded: this.summary.embedded, total });
  }
}
