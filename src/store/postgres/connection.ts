/**
 * Connections to the server: a pool for readers, one client of its own for each writer (its advisory
 * locks are the writer's claims and end with its connection, even when the process is killed), and the
 * translation of what the server or the network says into errors a user can act on.
 */
import type { Client, ClientBase, Pool, PoolClient } from 'pg';
import { UserError } from '../../errors.js';
import type { PostgresLocation } from './location.js';
import { maskPassword } from './location.js';
import { isTlsRefused } from './tls.js';

/** A connection, pooled or not. */
export type Queryable = ClientBase;

type Pg = typeof import('pg');
let pgModule: Promise<Pg> | undefined;

/** node-postgres is loaded when a PostgreSQL index is first used: local indexes never pay for it. */
async function pg(): Promise<Pg> {
  pgModule ??= import('pg').then((m) => (m as unknown as { default: Pg }).default ?? m);
  return pgModule;
}

/** Every table is looked up in the index's schema first, then where the extensions live. */
export async function useSchema(db: Queryable, schema: string): Promise<void> {
  await db.query(`SELECT set_config('search_path', quote_ident($1::text) || ', ' || current_setting('search_path'), false)`, [schema]);
}

export async function openPool(loc: PostgresLocation): Promise<Pool> {
  const { Pool } = await pg();
  // sslmode=prefer: one connection finds out whether the server speaks TLS; the pool then connects as that one did.
  const connectionString = loc.plainFallback ? await connectedWith(loc) : loc.connectionString;
  const pool = new Pool({ connectionString, max: 4, application_name: 'paperscope', idleTimeoutMillis: 10_000 });
  // An idle connection the server closed (a restart) is dropped from the pool; the next read opens another.
  pool.on('error', () => {});
  return pool;
}

async function connectedWith(loc: PostgresLocation): Promise<string> {
  const { client, connectionString } = await connect(loc, 'paperscope');
  await client.end().catch(() => {});
  return connectionString;
}

/** A pooled connection for one snapshot, with the index's schema on its search path. */
export async function poolClient(pool: Pool, loc: PostgresLocation): Promise<PoolClient> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw translatePgError(err, loc);
  }
  try {
    await useSchema(client, loc.schema);
  } catch (err) {
    client.release(true);
    throw translatePgError(err, loc);
  }
  return client;
}

export async function openClient(loc: PostgresLocation, command: string): Promise<Client> {
  return (await connect(loc, `paperscope ${command}`)).client;
}

/** A connected client, and the connection string that worked: with sslmode=prefer, the plain one when the server turned TLS down (as libpq falls back). */
async function connect(loc: PostgresLocation, applicationName: string): Promise<{ client: Client; connectionString: string }> {
  const { Client } = await pg();
  const attempt = async (connectionString: string) => {
    const client = new Client({ connectionString, application_name: applicationName });
    // A connection lost mid-command fails the query in flight, which reports it; this keeps node from crashing.
    client.on('error', () => {});
    try {
      await client.connect();
      return { client, connectionString };
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  };
  try {
    return await attempt(loc.connectionString).catch((err: unknown) => {
      if (loc.plainFallback && isTlsRefused(err)) return attempt(loc.plainFallback);
      throw err;
    });
  } catch (err) {
    throw translatePgError(err, loc);
  }
}

/** Node's codes for a certificate it could not verify, or verified for another host. */
const TLS_UNTRUSTED = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT', 'ECONNRESET', 'EPIPE']);

/**
 * What went wrong, as one line and a hint, for the failures a user meets: an unreachable server, a refused
 * login, a missing database or pgvector, a dropped connection. Anything else stays what it is (a bug), its
 * message with any password masked.
 */
export function translatePgError(err: unknown, loc: PostgresLocation): unknown {
  if (err instanceof UserError) return err;
  const e = err as { code?: string; message?: string; errno?: number };
  const code = e?.code ?? '';
  const message = maskPassword(String(e?.message ?? err));
  const at = loc.shown;
  if (UNREACHABLE.has(code) || /connect(ion)? timeout|timeout expired/i.test(message)) {
    return new UserError(`cannot reach the PostgreSQL server of ${at} (${code || message})`, 'check the host and port in the URI (or PGHOST, PGPORT) and that the server is running');
  }
  if (isTlsRefused(err)) {
    return new UserError(`the PostgreSQL server of ${at} does not accept TLS connections, which sslmode asks for`, 'use sslmode=prefer (TLS when offered) or disable in the URI or PGSSLMODE, or turn ssl on in the server');
  }
  if (TLS_UNTRUSTED.has(code) || /certificate|Hostname\/IP does not match/i.test(message)) {
    return new UserError(
      `the PostgreSQL server of ${at} presented a certificate this machine does not trust (${code || message})`,
      "name the server's CA with sslrootcert=/path/to/ca.pem in the URI (or PGSSLROOTCERT), or use sslmode=require to encrypt without checking it",
    );
  }
  if (code === '28P01' || code === '28000' || /password must be a string|SASL|password authentication/i.test(message)) {
    return new UserError(`the PostgreSQL server of ${at} refused the login: ${message}`, 'check the user and password (give the password in PGPASSWORD or ~/.pgpass rather than in the URI)');
  }
  if (code === '3D000') return new UserError(`${message} (${at})`, 'create it first (createdb <name>), or name an existing database in the URI');
  if (/extension "vector"/.test(message) && (code === '0A000' || code === '58P01' || code === '42704')) {
    return new UserError(`the PostgreSQL server of ${at} has no pgvector extension`, 'install pgvector on the server (https://github.com/pgvector/pgvector; managed services: enable the "vector" extension)');
  }
  if (code === '42501' && /extension|vector/i.test(message)) {
    return new UserError(`not allowed to create the pgvector extension in ${at}: ${message}`, 'ask the database owner to run CREATE EXTENSION vector; once, in this database');
  }
  if (code === '42501') return new UserError(`permission denied in ${at}: ${message}`, 'ask the database owner to grant this user the right to create and write the index schema');
  if (code === '57P01' || code === '57P02' || code === '57P03' || /Connection terminated|connection is closed|terminating connection|not queryable|connection error/i.test(message)) {
    return new UserError(`lost the connection to the PostgreSQL server of ${at} (${message})`, 'run the command again once the server is up: what was committed is kept, and ingest continues where it stopped');
  }
  if (code === '53100') return new UserError(`the PostgreSQL server of ${at} is out of disk space; this command's last step was not committed`, 'free space on the server and run the command again');
  if (err instanceof Error && err.message !== message) err.message = message;
  return err;
}
