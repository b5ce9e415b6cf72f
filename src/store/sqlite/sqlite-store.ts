/**
 * The SQLite + HNSW adapter of the storage port: one index directory holding paperscope.db (the source of
 * truth) and the HNSW file derived from it. better-sqlite3 answers synchronously, so each method does
 * its work at once and returns a settled promise.
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Paper } from '../../corpus/paper.js';
import type { Dtype } from '../../embed/registry.js';
import { Serial } from '../../serial.js';
import type { ThemeResult } from '../../themes/types.js';
import type { IndexReader, IndexStore, IndexWriter } from '../port.js';
import type * as records from '../records.js';
import { DB_FILE, stmt, translateSqliteError } from './database.js';
import { denseSearch } from './dense.js';
import { indexInfo, paperInfo } from './info.js';
import { lexicalSearch } from './lexical.js';
import { PaperIndex } from './paper-index.js';
import { neighborGraphFor } from './paper-neighbors.js';
import { countPapers, findStoredPaper, getPapersByRowids, iteratePapers, papersNamed, papersWithName, removePapers, upsertPaper } from './papers.js';
import { assignThemes, readThemes, saveThemes, subthemeCentroids, themeDates, themeCentroids, themeMembers, themeMembership, themesOf, unthemedRows } from './themes.js';
import type { HnswFileInfo } from '../../vectors/hnsw.js';
import { hasEmbedding, loadVectorMatrix, paperVector, putEmbeddings, unusedEmbeddings } from './vectors.js';

export interface SqliteStoreOptions {
  /** Threads the report's neighbour search may use (a helper thread above 2,000 papers). */
  threads: number;
}

/**
 * Reads share one connection, one snapshot at a time (a better-sqlite3 connection holds one
 * transaction); writes open their own connection under the write lock, one at a time, so a long
 * ingest never waits for a read nor a read for it.
 */
export class SqliteStore implements IndexStore {
  private reader?: PaperIndex;
  private readonly reads = new Serial();
  private readonly writes = new Serial();

  constructor(
    readonly location: string,
    private readonly options: SqliteStoreOptions,
  ) {}

  read<T>(fn: (index: IndexReader) => Promise<T>): Promise<T> {
    return this.reads.run(() => {
      this.reader ??= PaperIndex.openRead(this.location);
      const index = this.reader;
      return index.snapshot(() => fn(new SqliteReader(index, this.options)));
    });
  }

  /** A write that leaves a new index without papers (a failed first ingest, say) leaves no index: no empty database, no pinned model. */
  write<T>(command: string, fn: (index: IndexWriter) => Promise<T>): Promise<T> {
    return this.writes.run(async () => {
      const dir = resolve(this.location);
      const existed = { dir: existsSync(dir), db: existsSync(join(dir, DB_FILE)) };
      const index = PaperIndex.openWrite(this.location, command);
      try {
        return await fn(new SqliteWriter(index, this.options));
      } catch (err) {
        throw translateSqliteError(err, index.dir) ?? err;
      } finally {
        const keep = existed.db || hasPapers(index);
        index.close();
        if (!keep) removeNewIndex(dir, existed.dir);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.reads.idle(), this.writes.idle()]);
    this.reader?.close();
    this.reader = undefined;
  }
}

/** Whether anything was committed; a database that cannot even be counted is left for the user to look at. */
function hasPapers(index: PaperIndex): boolean {
  try {
    return !index.db.open || countPapers(index.db) > 0;
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

class SqliteReader implements IndexReader {
  constructor(
    protected readonly index: PaperIndex,
    protected readonly options: SqliteStoreOptions,
  ) {}

  get location(): string {
    return this.index.dir;
  }

  async model(): Promise<records.PinnedModel | undefined> {
    return this.index.model;
  }

  async countPapers(): Promise<number> {
    return countPapers(this.index.db);
  }

  async info(): Promise<records.IndexInfo> {
    return indexInfo(this.index);
  }

  async papersNamed(ref: string): Promise<records.StoredPaper[]> {
    return papersNamed(this.index.db, ref);
  }

  async papersWithName(name: string): Promise<records.StoredPaper[]> {
    return papersWithName(this.index.db, name);
  }

  async paperInfo(ref: string): Promise<records.PaperInfo[]> {
    return paperInfo(this.index, ref);
  }

  async papersByLabel(labels: readonly number[]): Promise<Map<number, records.StoredPaper>> {
    return getPapersByRowids(this.index.db, labels);
  }

  async allPapers(): Promise<records.StoredPaper[]> {
    return [...iteratePapers(this.index.db)];
  }

  async paperTexts(labels: ArrayLike<number>): Promise<records.PaperText[]> {
    const text = stmt(this.index.db, 'SELECT title, abstract FROM papers WHERE rowid = ?');
    return Array.from(labels, (label) => text.get(label) as records.PaperText);
  }

  async paperVector(label: number): Promise<Float32Array | undefined> {
    const model = this.index.requireModel();
    return paperVector(this.index.db, model.key, label);
  }

  async vectorMatrix(): Promise<records.VectorMatrix> {
    const model = this.index.requireModel();
    return loadVectorMatrix(this.index.db, model.key, model.dims);
  }

  async unusedVectors(): Promise<{ hash: string; vector: Float32Array }[]> {
    return unusedEmbeddings(this.index.db, this.index.requireModel().key);
  }

  async denseSearch(query: Float32Array, limit: number, o: { filters?: records.SearchFilters; exclude?: number } = {}): Promise<records.DenseResult> {
    return denseSearch(this.index, query, limit, o.filters, o.exclude);
  }

  async lexicalSearch(text: string, limit: number, o: { filters?: records.SearchFilters; titleOnly?: boolean } = {}): Promise<records.LexicalHit[]> {
    return lexicalSearch(this.index.db, text, limit, o.filters, o.titleOnly);
  }

  async neighborGraph(matrix: Float32Array, labels: Int32Array, k: number): Promise<records.NeighborSearch> {
    const source = this.index.hnswFresh ? this.index.vectorIndexSource() : undefined;
    return { ...neighborGraphFor(source, this.index.hnswParams, matrix, labels, k, this.options.threads), behind: !source };
  }

  async themes(): Promise<records.ThemesOverview | undefined> {
    return readThemes(this.index);
  }

  async themeMembers(theme: number, limit: number, subtheme?: number): Promise<records.ThemeMember[]> {
    return themeMembers(this.index, theme, limit, subtheme);
  }

  async themesOf(labels: readonly number[]): Promise<Map<number, records.ThemeTag>> {
    return themesOf(this.index, labels);
  }

  async themeMembership(): Promise<Map<number, records.Membership>> {
    return themeMembership(this.index);
  }

  async themeCentroids(): Promise<Float32Array[]> {
    return themeCentroids(this.index);
  }

  async themeDates(): Promise<records.ThemeDate[]> {
    return themeDates(this.index);
  }

  async subthemeCentroids(): Promise<Map<number, Float32Array[]>> {
    return subthemeCentroids(this.index);
  }

  async unthemedVectors(): Promise<records.VectorMatrix> {
    const model = this.index.requireModel();
    return loadVectorMatrix(this.index.db, model.key, model.dims, unthemedRows(this.index));
  }
}

/**
 * A writer on its own connection under the write lock. It remembers which papers' vectors it changed or
 * removed, so that updateVectorIndex touches only those in the HNSW file it found when it opened.
 */
class SqliteWriter extends SqliteReader implements IndexWriter {
  private readonly changed = new Set<number>();
  private readonly removed = new Set<number>();
  /** The HNSW file as it was when this writer opened, if it was current: the base to update in place. */
  private readonly baseHnsw: HnswFileInfo | undefined;

  constructor(index: PaperIndex, options: SqliteStoreOptions) {
    super(index, options);
    this.baseHnsw = index.hnswFresh ? index.hnswFile : undefined;
  }

  async pinModel(id: string, dtype: Dtype, dims: number): Promise<records.PinnedModel> {
    return this.index.pinModel(id, dtype, dims);
  }

  async storedMatches(papers: readonly Paper[]): Promise<(records.StoredPaper | undefined)[]> {
    return papers.map((paper) => findStoredPaper(this.index.db, paper));
  }

  /** The only writer: every text not cached is this one's to embed. */
  async claimVectors(modelKey: string, hashes: readonly string[]): Promise<{ cached: string[]; embed: string[]; pending: string[] }> {
    const unique = [...new Set(hashes)];
    const cached = unique.filter((hash) => hasEmbedding(this.index.db, modelKey, hash));
    const have = new Set(cached);
    return { cached, embed: unique.filter((hash) => !have.has(hash)), pending: [] };
  }

  /** The write lock makes this the only writer already. */
  async exclusive<T>(fn: (othersWrote: boolean) => Promise<T>): Promise<T> {
    return fn(false);
  }

  async putVectors(modelKey: string, items: readonly { hash: string; vector: Float32Array }[]): Promise<void> {
    putEmbeddings(this.index.db, modelKey, items);
  }

  async putPapers(items: readonly { paper: Paper; hash: string }[]): Promise<{ label: number; outcome: records.PutOutcome }[]> {
    const now = new Date().toISOString();
    const { db } = this.index;
    return db.transaction(() => {
      const results = items.map(({ paper, hash }) => {
        const { rowid, outcome, textChanged } = upsertPaper(db, paper, hash, now);
        if (textChanged) {
          this.changed.add(rowid);
          // Its theme was found from the old text's vector: the paper is placed again from its new one.
          stmt(db, 'DELETE FROM theme_members WHERE paper_rowid = ?').run(rowid);
        }
        return { label: rowid, outcome };
      });
      if (results.some((r) => r.outcome !== 'unchanged')) this.index.bumpGeneration();
      return results;
    })();
  }

  async removePapers(refs: readonly string[]): Promise<{ removed: string[]; unknown: string[]; ambiguous: { ref: string; ids: string[] }[] }> {
    const { db } = this.index;
    let result: ReturnType<typeof removePapers> = { removed: [], unknown: [], ambiguous: [] };
    const refused = new Error('unknown or ambiguous references: roll back');
    try {
      db.transaction(() => {
        result = removePapers(db, refs);
        if (result.unknown.length > 0 || result.ambiguous.length > 0) throw refused;
        if (result.removed.length > 0) this.index.bumpGeneration();
      })();
    } catch (err) {
      if (err !== refused) throw err;
      return { removed: [], unknown: result.unknown, ambiguous: result.ambiguous };
    }
    for (const { rowid } of result.removed) {
      this.removed.add(rowid);
      this.changed.delete(rowid);
    }
    return { removed: result.removed.map((r) => r.id), unknown: [], ambiguous: [] };
  }

  async updateVectorIndex(onProgress?: (done: number, total: number) => void): Promise<void> {
    const model = this.index.model;
    if (!model) return;
    if (this.changed.size === 0 && this.removed.size === 0 && this.index.hnswFresh) return;
    const { vectors, rebuilt } = this.index.vectorIndexFrom(this.baseHnsw, onProgress);
    if (!rebuilt) {
      for (const rowid of this.removed) vectors.remove(rowid);
      let done = 0;
      for (const rowid of this.changed) {
        const v = paperVector(this.index.db, model.key, rowid);
        if (v) vectors.add(rowid, v);
        if (++done % 500 === 0) onProgress?.(done, this.changed.size);
      }
    }
    this.index.db.transaction(() => this.index.saveVectorIndex(vectors))();
    this.changed.clear();
    this.removed.clear();
  }

  async rebuildVectorIndex(onProgress?: (done: number, total: number) => void): Promise<{ vectors: number; bytes: number }> {
    const vectors = this.index.buildVectorIndex(onProgress);
    const info = this.index.db.transaction(() => this.index.saveVectorIndex(vectors))();
    this.changed.clear();
    this.removed.clear();
    return { vectors: info.count, bytes: info.bytes };
  }

  async saveThemes(labels: Int32Array, result: ThemeResult, params: records.ThemeParams): Promise<void> {
    this.index.db.transaction(() => saveThemes(this.index, labels, result, params))();
  }

  async assignThemes(items: readonly records.ThemeAssignment[]): Promise<void> {
    this.index.db.transaction(() => assignThemes(this.index, items))();
  }
}
