/**
 * The PostgreSQL + pgvector adapter of the storage port: a shared index that many machines feed and search
 * at once. The database is the only state: vectors live in a `vector(dims)` column under an HNSW index
 * that PostgreSQL keeps up to date itself, so there is no file to rebuild and no write lock.
 *
 * Readers take a pooled connection and one REPEATABLE READ READ ONLY transaction per snapshot (MVCC:
 * they never block writers, nor writers them). Each writer has a connection of its own; see
 * PostgresWriter for how several writers share the work.
 */
import type { Client, Pool, PoolClient } from 'pg';
import { toSql } from 'pgvector';
import type { Paper } from '../../corpus/paper.js';
import type { Dtype } from '../../embed/registry.js';
import { modelKey } from '../../embed/registry.js';
import { UserError } from '../../errors.js';
import type { LibpqTls } from '../../settings.js';
import type { ThemeResult } from '../../themes/types.js';
import { DEFAULT_HNSW } from '../../vectors/hnsw.js';
import { hnswNeighborGraph, temporaryVectorIndex } from '../../vectors/hnsw-graph.js';
import { EXACT_GRAPH_MAX, exactNeighborGraph } from '../../vectors/neighbor-graph.js';
import { assertSameModel, noPapersYet, type IndexReader, type IndexStore, type IndexWriter } from '../port.js';
import type * as records from '../records.js';
import { openClient, openPool, poolClient, translatePgError, useSchema, type Queryable } from './connection.js';
import { parsePostgresLocation, type PostgresLocation } from './location.js';
import { papersByLabel, papersNamed, papersWithName, removePapers, storedMatches, upsertPapers, fromRow, COLUMNS } from './papers.js';
import { checkVersion, createTables, dropTables, migrate } from './schema.js';
import { denseSearch, lexicalSearch } from './search.js';
import {
  assignThemes,
  meta,
  placedCounts,
  readThemes,
  saveThemes,
  setMeta,
  subthemeCentroids,
  themeCentroids,
  themeDates,
  themeMembers,
  themeMembership,
  themesOf,
  unthemedLabels,
} from './themes.js';
import { parseVector, unusedEmbeddings, vectorMatrix } from './vectors.js';

export class PostgresStore implements IndexStore {
  readonly location: string;
  private readonly loc: PostgresLocation;
  private pool?: Promise<Pool>;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(location: string, libpq: LibpqTls = {}) {
    this.loc = parsePostgresLocation(location, libpq);
    this.location = this.loc.shown;
  }

  read<T>(fn: (index: IndexReader) => Promise<T>): Promise<T> {
    return this.track(async () => {
      this.pool ??= openPool(this.loc);
      const client = await poolClient(await this.pool, this.loc);
      let broken = false;
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass(quote_ident($1::text) || '.meta')::text AS t`, [this.loc.schema]);
        if (!rows[0].t) throw new UserError(`no index at ${this.location}`, 'run paperscope ingest <files> --index <this URI> first, or choose an existing index');
        const m = await meta(client);
        checkVersion(Number(m.get('schema_version')), this.location, 'read');
        const result = await fn(new PostgresReader(client, this.location, m));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw translatePgError(err, this.loc);
      } finally {
        client.release(broken);
      }
    });
  }

  write<T>(command: string, fn: (index: IndexWriter) => Promise<T>): Promise<T> {
    return this.track(async () => {
      const client = await openClient(this.loc, command);
      const writer = new PostgresWriter(client, this.location, this.loc.schema);
      let created: 'schema' | 'tables' | undefined;
      try {
        await client.query('SELECT pg_advisory_lock_shared(hashtextextended($1, 0))', [inUseKey(this.loc)]);
        created = await prepareSchema(client, this.loc);
        await writer.refreshMeta();
        return await fn(writer);
      } catch (err) {
        throw translatePgError(err, this.loc);
      } finally {
        if (created) await dropIfStillEmpty(client, this.loc, created);
        // Ending the connection also ends every claim and lock the writer still held.
        await client.end().catch(() => {});
      }
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool.catch(() => undefined))?.end();
  }

  private track<T>(task: () => Promise<T>): Promise<T> {
    const run = task();
    this.pending.add(run);
    const settled = () => this.pending.delete(run);
    run.then(settled, settled);
    return run;
  }
}

/** Held shared by every writer of the index for its whole session: while another holds it, the index is in use. */
function inUseKey(loc: PostgresLocation): string {
  return `paperscope/${loc.schema}/in-use`;
}

/**
 * A writer that created the index and stored no paper in it (bad input, a refused model, an interruption)
 * removes it again, as a local index's folder is removed: no empty index is left behind to be mistaken for
 * one. Not while another writer is using it: that one may be about to store its papers.
 */
async function dropIfStillEmpty(client: Client, loc: PostgresLocation, created: 'schema' | 'tables'): Promise<void> {
  try {
    const key = inUseKey(loc);
    await client.query('SELECT pg_advisory_unlock_shared(hashtextextended($1, 0))', [key]);
    const { rows } = await client.query<{ alone: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS alone', [key]);
    if (!rows[0].alone) return;
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('paperscope/schema', 0))`);
    const { rows: papers } = await client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM papers) AS any');
    if (!papers[0].any) {
      await dropTables(client);
      // Only a schema this writer made, and only when nothing else was put in it.
      if (created === 'schema') {
        const { rows: left } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_class WHERE relnamespace = $1::regnamespace', [loc.schema]);
        if (Number(left[0].n) === 0) await client.query(`DROP SCHEMA ${quoteIdent(loc.schema)}`);
      }
    }
    await client.query('COMMIT');
  } catch {
    // The connection is gone or the schema is not what was created: leave it as it is.
    await client.query('ROLLBACK').catch(() => {});
  }
}

/**
 * The first writer creates pgvector (when allowed), the schema and its tables; a writer meeting an older
 * schema upgrades it. One transaction under a database-wide advisory lock, so writers starting together
 * take turns and the second finds the work done. Says what this writer created: the schema and its tables,
 * the tables alone (in a schema that was there), or nothing.
 */
async function prepareSchema(client: Client, loc: PostgresLocation): Promise<'schema' | 'tables' | undefined> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('paperscope/schema', 0))`);
    // Before the index's schema is on the search path: pgvector goes where extensions usually live.
    const { rows: ext } = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
    if (ext.length === 0) await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    const { rows: has } = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [loc.schema]);
    if (has.length === 0) await client.query(`CREATE SCHEMA ${quoteIdent(loc.schema)}`);
    const madeSchema = has.length === 0;
    await useSchema(client, loc.schema);
    const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass(quote_ident($1::text) || '.meta')::text AS t`, [loc.schema]);
    const created = rows[0].t ? undefined : madeSchema ? 'schema' : 'tables';
    if (created) await createTables(client);
    else {
      const { rows: v } = await client.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
      await migrate(client, Number(v[0]?.value), loc.shown);
    }
    await client.query('COMMIT');
    return created;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** The schema name was checked to be a plain lower-case identifier (location.ts); quoted all the same. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function pinnedFrom(m: Map<string, string>): records.PinnedModel | undefined {
  const id = m.get('model_id');
  const dtype = m.get('dtype') as Dtype | undefined;
  return id && dtype ? { id, dtype, dims: Number(m.get('dims')), key: modelKey(id, dtype) } : undefined;
}

function hnswState(built: boolean): { fresh: boolean; state: records.HnswState } {
  return built ? { fresh: true, state: 'fresh' } : { fresh: false, state: 'behind' };
}

function hnswParams(m: Map<string, string>): { m: number; efConstruction: number; ef: number } {
  return {
    m: Number(m.get('hnsw_m') ?? DEFAULT_HNSW.m),
    efConstruction: Number(m.get('hnsw_ef_construction') ?? DEFAULT_HNSW.efConstruction),
    ef: Number(m.get('hnsw_ef') ?? DEFAULT_HNSW.ef),
  };
}

class PostgresReader implements IndexReader {
  constructor(
    protected readonly db: Queryable,
    readonly location: string,
    /** The meta table as this snapshot (or, for a writer, its last look) saw it. */
    protected metaRows: Map<string, string>,
  ) {}

  /** Runs `fn` in a transaction: the one a snapshot already is, or one of its own for a writer. */
  protected async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  protected requireModel(): records.PinnedModel {
    const model = pinnedFrom(this.metaRows);
    if (!model) throw noPapersYet(this.location);
    return model;
  }

  async model(): Promise<records.PinnedModel | undefined> {
    return pinnedFrom(this.metaRows);
  }

  async countPapers(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM papers');
    return Number(rows[0].n);
  }

  async info(): Promise<records.IndexInfo> {
    const m = this.metaRows;
    const model = pinnedFrom(m);
    const { rows } = await this.db.query<{ papers: string; vectors: string; cached: string; themes: string; total: string; hnsw: string; indexed: boolean }>(
      `SELECT (SELECT count(*) FROM papers) AS papers,
              (SELECT count(*) FROM papers WHERE vector IS NOT NULL) AS vectors,
              (SELECT count(*) FROM embeddings) AS cached,
              (SELECT count(*) FROM themes) AS themes,
              (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r') AS total,
              coalesce(pg_relation_size(to_regclass('papers_vector')), 0) AS hnsw,
              to_regclass('papers_vector') IS NOT NULL AS indexed`,
    );
    const r = rows[0];
    const themeCount = Number(r.themes);
    return {
      dir: this.location,
      papers: Number(r.papers),
      model: model && { id: model.id, dtype: model.dtype, dims: model.dims },
      schemaVersion: Number(m.get('schema_version')),
      createdAt: m.get('created_at'),
      updatedAt: m.get('updated_at'),
      sizes: { databaseBytes: Number(r.total) - Number(r.hnsw), hnswBytes: Number(r.hnsw) },
      // PostgreSQL updates the HNSW index with every committed row: it is never behind.
      // Behind: the first writer was stopped before it built the HNSW index; searches are exact until the next write or reindex builds it.
      hnsw: model && { file: 'papers_vector (pgvector HNSW, cosine)', vectors: Number(r.vectors), ...hnswState(r.indexed || Number(r.vectors) === 0), ...hnswParams(m) },
      cachedEmbeddings: Number(r.cached),
      themes:
        themeCount > 0
          ? {
              count: themeCount,
              computedAt: m.get('themes_computed_at'),
              stale: m.get('themes_generation') !== m.get('generation'),
              k: m.has('themes_k') ? Number(m.get('themes_k')) : undefined,
              ...(await placedCounts(this.db)),
            }
          : undefined,
    };
  }

  papersNamed(ref: string): Promise<records.StoredPaper[]> {
    return papersNamed(this.db, ref);
  }

  papersWithName(name: string): Promise<records.StoredPaper[]> {
    return papersWithName(this.db, name);
  }

  async paperInfo(ref: string): Promise<records.PaperInfo[]> {
    const found = await papersNamed(this.db, ref.trim());
    const model = pinnedFrom(this.metaRows);
    const out: records.PaperInfo[] = [];
    for (const stored of found) {
      const { rows } = await this.db.query<{ names: string[]; embedded: boolean }>(
        `SELECT ARRAY(SELECT key FROM paper_keys WHERE label = $1 AND key NOT LIKE 'h:%' UNION ALL SELECT name FROM paper_names WHERE label = $1) AS names,
                EXISTS (SELECT 1 FROM embeddings WHERE model = $2 AND content_hash = $3) AS embedded`,
        [stored.label, model?.key ?? '', stored.hash],
      );
      out.push({
        paper: stored.paper,
        // Text keys (`h:` hashes of title and abstract) are for dedupe; a paper is named by one only when it is its id.
        names: [...new Set([stored.paper.id, ...rows[0].names])],
        addedAt: stored.addedAt,
        updatedAt: stored.updatedAt,
        embedded: model !== undefined && rows[0].embedded,
      });
    }
    return out;
  }

  papersByLabel(labels: readonly number[]): Promise<Map<number, records.StoredPaper>> {
    return papersByLabel(this.db, labels);
  }

  async allPapers(): Promise<records.StoredPaper[]> {
    const { rows } = await this.db.query(`SELECT ${COLUMNS} FROM papers p ORDER BY p.label`);
    return rows.map(fromRow);
  }

  async paperTexts(labels: ArrayLike<number>): Promise<records.PaperText[]> {
    const wanted = Array.from(labels);
    const { rows } = await this.db.query<{ label: number; title: string; abstract: string }>('SELECT label, title, abstract FROM papers WHERE label = ANY($1::int[])', [wanted]);
    const byLabel = new Map(rows.map((r) => [r.label, { title: r.title, abstract: r.abstract }]));
    return wanted.map((l) => byLabel.get(l)!);
  }

  async paperVector(label: number): Promise<Float32Array | undefined> {
    this.requireModel();
    const { rows } = await this.db.query<{ v: string | null }>('SELECT vector::text AS v FROM papers WHERE label = $1', [label]);
    return rows[0]?.v ? parseVector(rows[0].v) : undefined;
  }

  async vectorMatrix(): Promise<records.VectorMatrix> {
    const model = this.requireModel();
    return this.inTransaction(() => vectorMatrix(this.db, model.dims));
  }

  async unusedVectors(): Promise<{ hash: string; vector: Float32Array }[]> {
    const model = this.requireModel();
    return this.inTransaction(() => unusedEmbeddings(this.db, model.key, model.dims));
  }

  async denseSearch(query: Float32Array, limit: number, o: { filters?: records.SearchFilters; exclude?: number } = {}): Promise<records.DenseResult> {
    const model = this.requireModel();
    return this.inTransaction(() => denseSearch(this.db, model, hnswParams(this.metaRows).ef, query, limit, o.filters, o.exclude, this.location));
  }

  lexicalSearch(text: string, limit: number, o: { filters?: records.SearchFilters; titleOnly?: boolean } = {}): Promise<records.LexicalHit[]> {
    return lexicalSearch(this.db, text, limit, o.filters, o.titleOnly ?? false);
  }

  /** The server's HNSW answers one query per round trip: the report's all-pairs graph is built here instead. */
  async neighborGraph(matrix: Float32Array, labels: Int32Array, k: number): Promise<records.NeighborSearch> {
    if (k <= 0 || labels.length <= EXACT_GRAPH_MAX) return { graph: exactNeighborGraph(matrix, labels.length, Math.max(0, k)), method: 'exact', threads: 1, behind: false };
    return { graph: hnswNeighborGraph(temporaryVectorIndex(matrix, labels, hnswParams(this.metaRows)), matrix, labels, k), method: 'hnsw-rebuilt', threads: 1, behind: false };
  }

  async themes(): Promise<records.ThemesOverview | undefined> {
    return readThemes(this.db, this.metaRows, await this.countPapers());
  }

  themeMembers(theme: number, limit: number, subtheme?: number): Promise<records.ThemeMember[]> {
    return themeMembers(this.db, theme, limit, subtheme);
  }

  themesOf(labels: readonly number[]): Promise<Map<number, records.ThemeTag>> {
    return themesOf(this.db, labels);
  }

  themeMembership(): Promise<Map<number, records.Membership>> {
    return themeMembership(this.db);
  }

  themeCentroids(): Promise<Float32Array[]> {
    return themeCentroids(this.db);
  }

  themeDates(): Promise<records.ThemeDate[]> {
    return themeDates(this.db);
  }

  subthemeCentroids(): Promise<Map<number, Float32Array[]>> {
    return subthemeCentroids(this.db);
  }

  async unthemedVectors(): Promise<records.VectorMatrix> {
    const model = this.requireModel();
    // One transaction, so the labels and their vectors agree when another writer commits in between.
    return this.inTransaction(async () => vectorMatrix(this.db, model.dims, await unthemedLabels(this.db)));
  }
}

/**
 * A writer on a connection of its own. Several may write one index at once (on one machine or many);
 * how they share the work without storing a paper twice, losing an update, or embedding a text twice:
 *
 * - `exclusive`: the step of an ingest window that reads what is stored, merges the window into it and
 *   writes the result runs in one transaction under an advisory lock on the index, so each window sees
 *   every paper other writers committed before it, as one writer after another would. The step is short
 *   (lookups and upserts); the embedding, which takes seconds per window, happens outside it.
 * - `claimVectors`: before embedding, a writer claims each text it is to embed with a session-level
 *   advisory lock on (model, text hash). A text claimed by another writer is waited for, not embedded
 *   again: once its claim ends, its vector is in the cache. A claim ends when its vector is committed, or
 *   when the writer's connection ends; a writer killed with kill -9 loses its connection, so its claims go
 *   free and whoever waits embeds those texts itself.
 * - Unique keys back both up: a paper id is unique (an upsert that meets a row inserted meanwhile updates
 *   it), a vector is cached once (ON CONFLICT DO NOTHING).
 */
class PostgresWriter extends PostgresReader implements IndexWriter {
  private inTx = false;
  /** Claims (advisory lock keys as text) this writer holds. */
  private readonly claims = new Set<string>();
  private afterCommit: (() => Promise<void>)[] = [];
  /** The generation the last vectorMatrix() read was at: themes computed from it are stale if papers changed since. */
  private matrixGeneration?: string;
  /** The generation at this writer's last storedMatches: see exclusive(). */
  private seenGeneration?: string;

  constructor(
    private readonly client: Client,
    location: string,
    private readonly schema: string,
  ) {
    super(client, location, new Map());
  }

  async refreshMeta(): Promise<void> {
    this.metaRows = await meta(this.client);
  }

  protected override async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTx) return fn();
    await this.client.query('BEGIN');
    this.inTx = true;
    try {
      const result = await fn();
      await this.client.query('COMMIT');
      this.inTx = false;
      for (const task of this.afterCommit.splice(0)) await task();
      return result;
    } catch (err) {
      this.inTx = false;
      this.afterCommit = [];
      await this.client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  override async model(): Promise<records.PinnedModel | undefined> {
    await this.refreshMeta();
    return super.model();
  }

  override async vectorMatrix(): Promise<records.VectorMatrix> {
    const model = this.requireModel();
    // One snapshot for the vectors and the generation they belong to.
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    this.inTx = true;
    try {
      const { rows } = await this.client.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'generation'`);
      this.matrixGeneration = rows[0]?.value;
      const matrix = await vectorMatrix(this.client, model.dims);
      await this.client.query('COMMIT');
      return matrix;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      this.inTx = false;
    }
  }

  exclusive<T>(fn: (othersWrote: boolean) => Promise<T>): Promise<T> {
    return this.inTransaction(async () => {
      await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`paperscope/${this.schema}/write`]);
      await this.refreshMeta();
      // Every change to papers bumps the generation: unchanged since this writer's last lookup, nobody wrote.
      const generation = this.metaRows.get('generation');
      return fn(this.seenGeneration === undefined || generation !== this.seenGeneration);
    });
  }

  async pinModel(id: string, dtype: Dtype, dims: number): Promise<records.PinnedModel> {
    return this.inTransaction(async () => {
      await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`paperscope/${this.schema}/pin`]);
      await this.refreshMeta();
      const pinned = pinnedFrom(this.metaRows);
      if (pinned) {
        assertSameModel(pinned, id, dtype, this.location);
        if (pinned.dims !== dims) throw new UserError(`model ${id} now gives ${dims} dims but index ${this.location} holds ${pinned.dims}`, 'the model files changed; build a new index in another schema (?schema=name)');
        return pinned;
      }
      if (!Number.isSafeInteger(dims) || dims < 1 || dims > 16000) throw new UserError(`model ${id} gives ${dims} dims, which pgvector cannot index`, 'choose another model');
      const params = hnswParams(this.metaRows);
      // The HNSW index comes with this writer's updateVectorIndex, built over what it stored (see there).
      await this.client.query(`ALTER TABLE papers ADD COLUMN vector vector(${dims})`);
      // In the row, not TOASTed apart (pgvector's default, as a paper's row passes 2 kB): a scan of 3,000
      // vectors, what exact and small searches do, took 35 ms out of line and 4 ms in it.
      await this.client.query('ALTER TABLE papers ALTER COLUMN vector SET STORAGE MAIN');
      await setMeta(this.client, { model_id: id, dtype, dims: String(dims), hnsw_m: String(params.m), hnsw_ef_construction: String(params.efConstruction), hnsw_ef: String(params.ef) });
      await this.refreshMeta();
      return pinnedFrom(this.metaRows)!;
    });
  }

  async storedMatches(papers: readonly Paper[]): Promise<(records.StoredPaper | undefined)[]> {
    // Read before the papers: a commit in between makes exclusive() look again, never the other way round.
    const { rows } = await this.client.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'generation'`);
    this.seenGeneration = rows[0]?.value;
    return storedMatches(this.client, papers);
  }

  async claimVectors(key: string, hashes: readonly string[]): Promise<{ cached: string[]; embed: string[]; pending: string[] }> {
    const cachedNow = await this.cached(key, hashes);
    const rest = [...new Set(hashes.filter((h) => !cachedNow.has(h)))];
    const embed: string[] = [];
    const pending: string[] = [];
    if (rest.length > 0) {
      const { rows } = await this.client.query<{ h: string; got: boolean }>(
        'SELECT h, pg_try_advisory_lock(hashtextextended($2 || h, 0)) AS got FROM unnest($1::text[]) AS h',
        [rest, this.claimPrefix(key)],
      );
      for (const r of rows) (r.got ? embed : pending).push(r.h);
      for (const h of embed) this.claims.add(h);
    }
    // A vector another writer committed between the look and the claim needs no embedding.
    const late = embed.length ? await this.cached(key, embed) : new Set<string>();
    if (late.size) await this.release(key, [...late]);
    const cached = [...cachedNow, ...late];
    const mine = embed.filter((h) => !late.has(h));
    if (mine.length === 0 && pending.length > 0) {
      // Wait for the writers embedding these, then look again. No two writers wait on each other: outside
      // `exclusive` a writer asks for claims only once its own are released (putVectors), and only one
      // writer at a time is inside it.
      for (const h of pending) {
        await this.client.query('SELECT pg_advisory_lock(hashtextextended($1, 0)), pg_advisory_unlock(hashtextextended($1, 0))', [this.claimPrefix(key) + h]);
      }
      const again = await this.claimVectors(key, pending);
      return { cached: [...cached, ...again.cached], embed: again.embed, pending: again.pending };
    }
    return { cached, embed: mine, pending };
  }

  async putVectors(key: string, items: readonly { hash: string; vector: Float32Array }[]): Promise<void> {
    if (items.length === 0) return;
    await this.inTransaction(async () => {
      await this.client.query(
        'INSERT INTO embeddings(model, content_hash, vector) SELECT $1, h, v::vector FROM unnest($2::text[], $3::text[]) AS u(h, v) ON CONFLICT DO NOTHING',
        [key, items.map((i) => i.hash), items.map((i) => toSql(Array.from(i.vector)))],
      );
      // Claims end once the vectors are committed, so whoever waits for them finds them.
      this.afterCommit.push(() => this.release(key, items.map((i) => i.hash)));
    });
  }

  async putPapers(items: readonly { paper: Paper; hash: string }[]): Promise<{ label: number; outcome: records.PutOutcome }[]> {
    return this.inTransaction(async () => {
      const results = await upsertPapers(this.client, items, pinnedFrom(this.metaRows)?.key, new Date().toISOString());
      // Its theme was found from the old text's vector: the paper is placed again from its new one.
      const retext = results.filter((r) => r.textChanged).map((r) => r.label);
      if (retext.length) await this.client.query('DELETE FROM theme_members WHERE label = ANY($1::int[])', [retext]);
      if (results.some((r) => r.outcome !== 'unchanged')) await this.bumpGeneration();
      return results.map(({ label, outcome }) => ({ label, outcome }));
    });
  }

  async removePapers(refs: readonly string[]): Promise<{ removed: string[]; unknown: string[]; ambiguous: { ref: string; ids: string[] }[] }> {
    const refused = new Error('unknown or ambiguous references: roll back');
    let result: Awaited<ReturnType<typeof removePapers>> = { removed: [], unknown: [], ambiguous: [] };
    try {
      await this.exclusive(async () => {
        result = await removePapers(this.client, refs);
        if (result.unknown.length > 0 || result.ambiguous.length > 0) throw refused;
        if (result.removed.length > 0) await this.bumpGeneration();
      });
    } catch (err) {
      if (err !== refused) throw err;
      return { removed: [], unknown: result.unknown, ambiguous: result.ambiguous };
    }
    return { removed: result.removed.map((r) => r.id), unknown: [], ambiguous: [] };
  }

  /**
   * PostgreSQL maintains the HNSW index with each row once it exists. It is made at the end of the first
   * write that pins the model (or of the next, when that one was killed): pgvector builds an index over
   * the loaded rows several times faster than it inserts them one by one, so a first ingest or a copy of a
   * laptop's index is not slowed by it (npm run bench -- --only postgres). Until then searches are exact.
   */
  async updateVectorIndex(): Promise<void> {
    await this.createVectorIndex();
  }

  /** True when this writer built it. Under a lock, so two writers finishing together build it once. */
  private async createVectorIndex(): Promise<boolean> {
    const model = pinnedFrom(this.metaRows);
    if (!model) return false; // no vectors column yet
    return this.inTransaction(async () => {
      await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`paperscope/${this.schema}/vector-index`]);
      const { rows } = await this.client.query<{ t: string | null; n: string }>(`SELECT to_regclass('papers_vector')::text AS t, (SELECT count(*) FROM papers WHERE vector IS NOT NULL) AS n`);
      if (rows[0].t) return false;
      const params = hnswParams(this.metaRows);
      // The graph should fit in maintenance_work_mem, or pgvector builds it far more slowly (capped at 1 GB: a small server's memory).
      const bytes = Math.min(2 ** 30, Math.max(64 * 2 ** 20, Math.ceil(Number(rows[0].n) * (model.dims * 4 + 16 * params.m + 64) * 1.3)));
      await this.client.query(`SELECT set_config('maintenance_work_mem', $1, true)`, [`${Math.ceil(bytes / 1024)}kB`]);
      await this.client.query(`CREATE INDEX papers_vector ON papers USING hnsw (vector vector_cosine_ops) WITH (m = ${params.m}, ef_construction = ${params.efConstruction})`);
      // Statistics for the planner now, not when autovacuum gets to it: right after a first load it has none, and picks slow plans.
      await this.client.query('ANALYZE papers, paper_keys, paper_names, embeddings');
      return true;
    });
  }

  async rebuildVectorIndex(onProgress?: (done: number, total: number) => void): Promise<{ vectors: number; bytes: number }> {
    this.requireModel();
    if (!(await this.createVectorIndex())) await this.client.query('REINDEX INDEX papers_vector');
    const { rows } = await this.client.query<{ n: string; bytes: string }>(`SELECT (SELECT count(*) FROM papers WHERE vector IS NOT NULL) AS n, pg_relation_size(to_regclass('papers_vector')) AS bytes`);
    onProgress?.(Number(rows[0].n), Number(rows[0].n));
    return { vectors: Number(rows[0].n), bytes: Number(rows[0].bytes) };
  }

  async saveThemes(labels: Int32Array, result: ThemeResult, params: records.ThemeParams): Promise<void> {
    await this.inTransaction(async () => {
      await this.refreshMeta();
      await saveThemes(this.client, labels, result, params, this.matrixGeneration ?? this.metaRows.get('generation') ?? '0');
    });
    await this.refreshMeta();
  }

  async assignThemes(items: readonly records.ThemeAssignment[]): Promise<void> {
    await this.inTransaction(() => assignThemes(this.client, items));
  }

  override async themes(): Promise<records.ThemesOverview | undefined> {
    await this.refreshMeta();
    return super.themes();
  }

  /** Called inside every transaction that changes papers: themes computed at another generation are stale. */
  private async bumpGeneration(): Promise<void> {
    await this.client.query(
      `INSERT INTO meta AS m (key, value) VALUES ('generation', '1'), ('updated_at', $1)
       ON CONFLICT (key) DO UPDATE SET value = CASE WHEN m.key = 'generation' THEN (m.value::bigint + 1)::text ELSE excluded.value END`,
      [new Date().toISOString()],
    );
  }

  private async cached(key: string, hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const { rows } = await this.client.query<{ h: string }>('SELECT content_hash AS h FROM embeddings WHERE model = $1 AND content_hash = ANY($2::text[])', [key, hashes]);
    return new Set(rows.map((r) => r.h));
  }

  private claimPrefix(key: string): string {
    return `paperscope/${this.schema}/embed/${key}/`;
  }

  private async release(key: string, hashes: string[]): Promise<void> {
    const held = hashes.filter((h) => this.claims.has(h));
    if (held.length === 0) return;
    await this.client.query('SELECT pg_advisory_unlock(hashtextextended($2 || h, 0)) FROM unnest($1::text[]) AS h', [held, this.claimPrefix(key)]);
    for (const h of held) this.claims.delete(h);
  }
}
