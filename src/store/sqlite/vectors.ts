import { stmt, type Db } from './database.js';

/** Float32 little-endian bytes (what the embeddings table stores) -> an aligned Float32Array copy. */
export function blobToVector(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.length / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function hasEmbedding(db: Db, model: string, hash: string): boolean {
  return stmt(db, 'SELECT 1 FROM embeddings WHERE model = ? AND content_hash = ?').get(model, hash) !== undefined;
}

/** Stores a batch of vectors in one transaction; a vector already cached is left as it is. */
export function putEmbeddings(db: Db, model: string, items: readonly { hash: string; vector: Float32Array }[]): void {
  const insert = stmt(db, 'INSERT OR IGNORE INTO embeddings(model, content_hash, vector) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const { hash, vector } of items) insert.run(model, hash, vectorToBlob(vector));
  })();
}

/** The stored vector of each paper (by rowid) under `model`, streamed so 100k papers never sit in JS at once. */
export function* iteratePaperVectors(db: Db, model: string): Generator<{ rowid: number; vector: Float32Array }> {
  const rows = db
    .prepare(
      `SELECT p.rowid AS rowid, e.vector AS vector FROM papers p
       JOIN embeddings e ON e.model = ? AND e.content_hash = p.content_hash ORDER BY p.rowid`,
    )
    .iterate(model) as IterableIterator<{ rowid: number; vector: Buffer }>;
  for (const row of rows) yield { rowid: row.rowid, vector: blobToVector(row.vector) };
}

export function paperVector(db: Db, model: string, rowid: number): Float32Array | undefined {
  const row = stmt(db, `SELECT e.vector AS vector FROM papers p JOIN embeddings e ON e.model = ? AND e.content_hash = p.content_hash WHERE p.rowid = ?`)
    .get(model, rowid) as { vector: Buffer } | undefined;
  return row ? blobToVector(row.vector) : undefined;
}

/**
 * The vectors of all papers (or only of `rowids`) as one row-major matrix plus its row labels: the
 * input of exact search and clustering. A subset is read by rowid, not filtered out of a full scan.
 */
export function loadVectorMatrix(db: Db, model: string, dims: number, rowids?: Iterable<number>): { labels: Int32Array; matrix: Float32Array } {
  const from = 'FROM papers p JOIN embeddings e ON e.model = ? AND e.content_hash = p.content_hash';
  const where = rowids ? ' WHERE p.rowid IN (SELECT value FROM json_each(?))' : '';
  const params = rowids ? [model, JSON.stringify([...rowids])] : [model];
  // Counted first and streamed into one Float32Array: 100k vectors never sit in JS as separate Buffers.
  const count = (stmt(db, `SELECT count(*) AS n ${from}${where}`).get(...params) as { n: number }).n;
  const matrix = new Float32Array(count * dims);
  const labels = new Int32Array(count);
  let n = 0;
  // Not the cached statement: an iterator keeps its statement busy until it ends.
  for (const row of db.prepare(`SELECT p.rowid AS label, e.vector AS vector ${from}${where} ORDER BY p.rowid`).iterate(...params) as IterableIterator<{ label: number; vector: Buffer }>) {
    if (n === count) break;
    labels[n] = row.label;
    matrix.set(blobToVector(row.vector), n * dims);
    n++;
  }
  return { labels: labels.subarray(0, n), matrix: matrix.subarray(0, n * dims) };
}

/** Cached vectors under `model` that no paper holds now (removed papers, changed texts), by text hash. */
export function unusedEmbeddings(db: Db, model: string): { hash: string; vector: Float32Array }[] {
  const rows = stmt(db, 'SELECT e.content_hash AS hash, e.vector AS vector FROM embeddings e WHERE e.model = ? AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.content_hash = e.content_hash)')
    .all(model) as { hash: string; vector: Buffer }[];
  return rows.map((r) => ({ hash: r.hash, vector: blobToVector(r.vector) }));
}
