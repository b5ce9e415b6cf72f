import { createHash } from 'node:crypto';
import { readFileSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { replaceFileAtomically } from '../atomic-write.js';
import { UserError } from '../errors.js';
import type { Neighbor } from './exact.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface HnswParams {
  m: number;
  efConstruction: number;
  /** Search-time candidate list size; recall grows with it, and so does latency. */
  ef: number;
}

export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 200, ef: 128 };
const HNSW_SEED = 100;

/** What the database records about the HNSW file, so a reader can tell it is whole and belongs here. */
export interface HnswFileInfo {
  file: string;
  generation: number;
  bytes: number;
  sha1: string;
  count: number;
  /** The file's identity when written: when it still matches, the file is the one written and hashing it is skipped. */
  mtimeMs?: number;
  ino?: number;
}

/** Where an HNSW file is and how to open it: enough for another thread to load the same index. */
export interface VectorIndexSource {
  dir: string;
  info: HnswFileInfo;
  dims: number;
  ef: number;
}

/** hnswlib-node's HNSW (cosine space) keyed by the papers' rowids, with growth and atomic saving. */
export class VectorIndex {
  private constructor(
    private readonly hnsw: Hnsw,
    readonly dims: number,
  ) {}

  static create(dims: number, capacity: number, params: HnswParams): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dims);
    hnsw.initIndex(Math.max(capacity, 16), params.m, params.efConstruction, HNSW_SEED);
    hnsw.setEf(params.ef);
    return new VectorIndex(hnsw, dims);
  }

  /**
   * Loads the file named by the database and checks it is the one the database wrote: a truncated,
   * damaged or foreign file never reaches hnswlib, which trusts its input. Size always; SHA-1 only when
   * the file's inode or mtime changed since it was written (a copy, a restore, an edit), because hashing
   * 60 MB on every search costs more than the search.
   */
  static load(dir: string, info: HnswFileInfo, dims: number, ef: number): VectorIndex {
    const path = join(dir, info.file);
    const state = VectorIndex.check(dir, info);
    if (state === 'missing') throw new HnswFileMissing(path);
    if (state === 'damaged') {
      throw new UserError(
        `the vector index file ${path} does not match the database (damaged, truncated or from another index)`,
        `run paperscope reindex --index ${dir} to rebuild it from the stored vectors`,
      );
    }
    const hnsw = new HierarchicalNSW('cosine', dims);
    hnsw.readIndexSync(path);
    hnsw.setEf(ef);
    return new VectorIndex(hnsw, dims);
  }

  /** Whether the file is there and is the one the database wrote (the checks `load` makes, without loading). */
  static check(dir: string, info: HnswFileInfo): 'ok' | 'missing' | 'damaged' {
    const path = join(dir, info.file);
    let stat;
    try {
      stat = statSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw err;
    }
    const untouched = stat.mtimeMs === info.mtimeMs && stat.ino === info.ino;
    return stat.size !== info.bytes || (!untouched && sha1(readFileSync(path)) !== info.sha1) ? 'damaged' : 'ok';
  }

  get count(): number {
    return this.hnsw.getCurrentCount();
  }

  setEf(ef: number): void {
    this.hnsw.setEf(ef);
  }

  /** Adds or replaces the vector of `label`, growing the index by half again when it is full. */
  add(label: number, vector: Float32Array): void {
    if (this.hnsw.getCurrentCount() >= this.hnsw.getMaxElements()) {
      this.hnsw.resizeIndex(Math.ceil(this.hnsw.getMaxElements() * 1.5) + 16);
    }
    this.hnsw.addPoint(Array.from(vector), label);
  }

  remove(label: number): void {
    try {
      this.hnsw.markDelete(label);
    } catch {
      // Not in the index (never added, or already removed): nothing to do.
    }
  }

  /** The k nearest labels by cosine; `filter` keeps only labels it accepts (applied during the search). */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): Neighbor[] {
    const live = this.hnsw.getCurrentCount();
    if (live === 0 || k <= 0) return [];
    const n = Math.min(k, live);
    if (this.hnsw.getEf() < n) this.hnsw.setEf(n);
    const result = filter ? this.hnsw.searchKnn(Array.from(query), n, filter) : this.hnsw.searchKnn(Array.from(query), n);
    return result.neighbors.map((label, i) => ({ label, score: 1 - result.distances[i] }));
  }

  /** Saves atomically (see atomic-write.ts) as `vectors-<generation>.hnsw`. */
  save(dir: string, generation: number): HnswFileInfo {
    const file = `vectors-${generation}.hnsw`;
    const path = join(dir, file);
    try {
      const stat = replaceFileAtomically(path, (tmp) => this.hnsw.writeIndexSync(tmp));
      return { file, generation, bytes: stat.size, sha1: sha1(readFileSync(path)), count: this.hnsw.getCurrentCount(), mtimeMs: stat.mtimeMs, ino: stat.ino };
    } catch (err) {
      throw diskFullError(dir, err) ?? err;
    }
  }
}

/** hnswlib reports a failed write without errno; a nearly full disk is by far the likeliest cause. */
function diskFullError(dir: string, err: unknown): UserError | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  let nearlyFull = false;
  try {
    const fs = statfsSync(dir);
    nearlyFull = fs.bavail * fs.bsize < 64 * 1024 * 1024;
  } catch {
    // statfs unavailable: rely on the error code alone.
  }
  if (code !== 'ENOSPC' && !nearlyFull) return undefined;
  return new UserError(
    `no space left on the device while writing the vector index in ${dir}; the database is intact`,
    'free some disk space, then run paperscope reindex',
  );
}

/** The database names an HNSW file that is not there (deleted by hand, or replaced by a newer one). */
export class HnswFileMissing extends UserError {
  constructor(readonly path: string) {
    super(`the vector index file ${path} is missing`, 'run paperscope reindex to rebuild it from the stored vectors');
  }
}

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
