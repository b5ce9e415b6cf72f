/** Vectors between pgvector and Float32Array: text for single vectors, pgvector's binary form for whole matrices. */
import type { Queryable } from './connection.js';

/** pgvector's text form, `[0.1,-0.2,...]`. Its shortest round-trip decimals give back the same float32. */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(text.slice(1, -1).split(','), Number);
}

/** pgvector's binary form (vector_send, as bytea): int16 dims, int16 unused, then big-endian float32s. */
function readBinaryVector(buf: Buffer, into: Float32Array, offset: number, dims: number): void {
  for (let d = 0; d < dims; d++) into[offset + d] = buf.readFloatBE(4 + 4 * d);
}

const PAGE = 5000;

/**
 * The vectors of all papers (or of `labels`) as one row-major matrix plus its row labels, in label order.
 * Read in pages by label, as bytea (node-postgres's binary result mode decodes rows as UTF-8 and garbles
 * them): 35,000 x 384 floats as text would be ~130 MB to format and parse.
 */
export async function vectorMatrix(db: Queryable, dims: number, labels?: readonly number[]): Promise<{ labels: Int32Array; matrix: Float32Array }> {
  const only = labels ? ' AND label = ANY($3::int[])' : '';
  const { rows: counted } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM papers WHERE vector IS NOT NULL${labels ? ' AND label = ANY($1::int[])' : ''}`, labels ? [labels] : []);
  const count = Number(counted[0].n);
  const matrix = new Float32Array(count * dims);
  const out = new Int32Array(count);
  let n = 0;
  for (let after = -1; n < count; ) {
    const { rows } = await db.query<{ label: number; vector: Buffer }>(
      `SELECT label, vector_send(vector) AS vector FROM papers WHERE vector IS NOT NULL AND label > $1${only} ORDER BY label LIMIT $2`,
      labels ? [after, PAGE, labels] : [after, PAGE],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      if (n === count) break;
      out[n] = row.label;
      readBinaryVector(row.vector, matrix, n * dims, dims);
      n++;
    }
    after = out[n - 1];
  }
  return { labels: out.subarray(0, n), matrix: matrix.subarray(0, n * dims) };
}

/** Cached vectors under `model` that no paper holds now (removed papers, changed texts), by text hash. */
export async function unusedEmbeddings(db: Queryable, model: string, dims: number): Promise<{ hash: string; vector: Float32Array }[]> {
  const { rows } = await db.query<{ hash: string; vector: Buffer }>(
    'SELECT e.content_hash AS hash, vector_send(e.vector) AS vector FROM embeddings e WHERE e.model = $1 AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.content_hash = e.content_hash)',
    [model],
  );
  return rows.map((r) => {
    const vector = new Float32Array(dims);
    readBinaryVector(r.vector, vector, 0, dims);
    return { hash: r.hash, vector };
  });
}
