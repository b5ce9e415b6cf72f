import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelKey, type Dtype } from '../../embed/registry.js';
import { UserError } from '../../errors.js';
import { assertSameModel, noPapersYet } from '../port.js';
import type { PinnedModel } from '../records.js';
import { allMeta, DB_FILE, getMeta, openDatabase, setMeta, translateSqliteError, type Db } from './database.js';
import { acquireWriteLock, type WriteLock } from './lock.js';
import { countPapers } from './papers.js';
import { DEFAULT_HNSW, VectorIndex, type HnswFileInfo, type HnswParams, type VectorIndexSource } from '../../vectors/hnsw.js';
import { iteratePaperVectors } from './vectors.js';

/**
 * One index directory: the SQLite database (the source of truth) and the HNSW file derived from it.
 * Readers take no lock and read a consistent snapshot; one writer at a time holds the write lock.
 */
export class PaperIndex {
  private constructor(
    readonly dir: string,
    readonly db: Db,
    private readonly lock?: WriteLock,
  ) {}

  static openRead(dir: string): PaperIndex {
    const abs = resolve(dir);
    if (!existsSync(join(abs, DB_FILE))) {
      throw new UserError(`no index at ${abs}`, 'run paperscope ingest <files> first, or choose an existing index');
    }
    return new PaperIndex(abs, openDatabase(join(abs, DB_FILE), abs, 'read'));
  }

  /** Creates the directory and database when missing. Fails when another process is writing. */
  static openWrite(dir: string, command: string): PaperIndex {
    const abs = resolve(dir);
    if (existsSync(abs) && !statSync(abs).isDirectory()) {
      throw new UserError(`index ${abs} is a file, not a directory`, 'choose a directory for the index (it is created when missing)');
    }
    mkdirSync(abs, { recursive: true });
    const lock = acquireWriteLock(abs, command);
    try {
      return new PaperIndex(abs, openDatabase(join(abs, DB_FILE), abs, 'write'), lock);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  /**
   * Runs `fn` on one consistent snapshot of the database: a read transaction held across its awaits (the
   * caller makes sure nothing else uses this connection meanwhile; better-sqlite3's own transaction()
   * takes only synchronous functions).
   */
  async snapshot<T>(fn: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN');
    try {
      const result = await fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw translateSqliteError(err, this.dir) ?? err;
    }
  }

  meta(key: string): string | undefined {
    return getMeta(this.db, key);
  }

  allMeta(): Map<string, string> {
    return allMeta(this.db);
  }

  get model(): PinnedModel | undefined {
    const id = this.meta('model_id');
    const dtype = this.meta('dtype') as Dtype | undefined;
    const dims = Number(this.meta('dims'));
    return id && dtype ? { id, dtype, dims, key: modelKey(id, dtype) } : undefined;
  }

  /** The first ingest pins the model; later ones must use the same, or the vectors would not compare. */
  pinModel(id: string, dtype: Dtype, dims: number): PinnedModel {
    const pinned = this.model;
    if (pinned) {
      assertSameModel(pinned, id, dtype, this.dir);
      if (pinned.dims !== dims) throw new UserError(`model ${id} now gives ${dims} dims but index ${this.dir} holds ${pinned.dims}`, 'the model files changed; rebuild the index in a new --index directory');
      return pinned;
    }
    this.db.transaction(() => {
      setMeta(this.db, 'model_id', id);
      setMeta(this.db, 'dtype', dtype);
      setMeta(this.db, 'dims', String(dims));
      const params = this.hnswParams;
      setMeta(this.db, 'hnsw_m', String(params.m));
      setMeta(this.db, 'hnsw_ef_construction', String(params.efConstruction));
      setMeta(this.db, 'hnsw_ef', String(params.ef));
    })();
    return this.model!;
  }

  get generation(): number {
    return Number(this.meta('generation') ?? 0);
  }

  /** Called inside every write transaction that changes papers: readers compare it with the HNSW file's. */
  bumpGeneration(): number {
    const next = this.generation + 1;
    setMeta(this.db, 'generation', String(next));
    setMeta(this.db, 'updated_at', new Date().toISOString());
    return next;
  }

  get hnswParams(): HnswParams {
    return {
      m: Number(this.meta('hnsw_m') ?? DEFAULT_HNSW.m),
      efConstruction: Number(this.meta('hnsw_ef_construction') ?? DEFAULT_HNSW.efConstruction),
      ef: Number(this.meta('hnsw_ef') ?? DEFAULT_HNSW.ef),
    };
  }

  get hnswFile(): HnswFileInfo | undefined {
    const raw = this.meta('hnsw');
    return raw ? (JSON.parse(raw) as HnswFileInfo) : undefined;
  }

  /** Whether the HNSW file reflects every committed change (false after an interrupted ingest). */
  get hnswFresh(): boolean {
    const info = this.hnswFile;
    return info !== undefined && info.generation === this.generation;
  }

  countPapers(): number {
    return countPapers(this.db);
  }

  /**
   * The HNSW index for searching, or undefined when there is none or it lags behind the database
   * (callers then search exactly over the stored vectors). A file that fails its checks is an error.
   */
  loadVectorIndex(): VectorIndex | undefined {
    const source = this.vectorIndexSource();
    return source && VectorIndex.load(source.dir, source.info, source.dims, source.ef);
  }

  /** What VectorIndex.load needs to open the current HNSW file (in another thread, say), if it is current. */
  vectorIndexSource(): VectorIndexSource | undefined {
    const model = this.model;
    const info = this.hnswFile;
    if (!model || !info || info.generation !== this.generation) return undefined;
    return { dir: this.dir, info, dims: model.dims, ef: this.hnswParams.ef };
  }

  /**
   * For a writer: the HNSW file `base` (as it was when the write began) to update in place, or, when
   * there was none or it is missing or damaged, a fresh one built from every stored vector. `rebuilt`
   * tells the caller whether its changes are already in.
   */
  vectorIndexFrom(base: HnswFileInfo | undefined, onProgress?: (done: number, total: number) => void): { vectors: VectorIndex; rebuilt: boolean } {
    const model = this.requireModel();
    if (base) {
      try {
        return { vectors: VectorIndex.load(this.dir, base, model.dims, this.hnswParams.ef), rebuilt: false };
      } catch (err) {
        if (!(err instanceof UserError)) throw err; // damaged or missing: rebuild below
      }
    }
    return { vectors: this.buildVectorIndex(onProgress), rebuilt: true };
  }

  /** A fresh HNSW built from every stored vector: what `reindex` and recovery use. */
  buildVectorIndex(onProgress?: (done: number, total: number) => void): VectorIndex {
    const model = this.requireModel();
    const total = this.countPapers();
    const index = VectorIndex.create(model.dims, total, this.hnswParams);
    let done = 0;
    for (const { rowid, vector } of iteratePaperVectors(this.db, model.key)) {
      index.add(rowid, vector);
      if (++done % 500 === 0) onProgress?.(done, total);
    }
    onProgress?.(done, total);
    return index;
  }

  /**
   * Saves the HNSW file for the current generation, then points the database at it. The file one
   * generation older is kept for readers that opened it just before; older ones are deleted.
   */
  saveVectorIndex(index: VectorIndex): HnswFileInfo {
    const previous = this.hnswFile;
    const info = index.save(this.dir, this.generation);
    setMeta(this.db, 'hnsw', JSON.stringify(info));
    const keep = new Set([info.file, previous?.file]);
    for (const name of readdirSync(this.dir)) {
      if (/^vectors-\d+\.hnsw$/.test(name) && !keep.has(name)) unlinkSync(join(this.dir, name));
      // Temp files of writers that were killed mid-save (named as atomic-write.ts names them, or as before it).
      if (/^\.?vectors-\d+\.hnsw\.tmp-\d+$/.test(name) && !name.endsWith(`-${process.pid}`)) unlinkSync(join(this.dir, name));
    }
    return info;
  }

  requireModel(): PinnedModel {
    const model = this.model;
    if (!model) throw noPapersYet(this.dir);
    return model;
  }

  /** Bytes on disk of the database (with its WAL) and the current HNSW file. */
  sizes(): { database: number; hnsw: number } {
    const size = (name: string) => (existsSync(join(this.dir, name)) ? statSync(join(this.dir, name)).size : 0);
    return { database: size(DB_FILE) + size(`${DB_FILE}-wal`), hnsw: this.hnswFile ? size(this.hnswFile.file) : 0 };
  }
}
