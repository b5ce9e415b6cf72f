import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { pgProgram } from '../../scripts/pg-server.js';

const run = promisify(execFile);
const provided = inject('postgres');

/** The test server, when there is one; when not, says once per test file why its tests are skipped. */
export const hasPostgres = 'url' in provided;
if (!hasPostgres) console.warn(`SKIPPED PostgreSQL tests: ${'missing' in provided ? provided.missing : 'no server'}`);

export function serverInfo(): { url: string; socketDir: string; user: string; password: string } {
  if (!('url' in provided)) throw new Error('no PostgreSQL test server');
  return provided;
}

/** A URI for `database` on the test server, as its superuser unless another user is given. */
export function pgUrl(database: string, user?: string, password?: string): string {
  const s = serverInfo();
  return `postgresql://${encodeURIComponent(user ?? s.user)}:${encodeURIComponent(password ?? s.password)}@/${database}?host=${encodeURIComponent(s.socketDir)}`;
}

/** SQL as the superuser, through psql (a check of what is really stored, apart from paperscope's code). */
export async function psql(sql: string, database = 'postgres'): Promise<string> {
  const s = serverInfo();
  const { stdout } = await run(pgProgram('psql'), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', s.socketDir, '-U', s.user, '-d', database, '-c', sql], {
    env: { ...process.env, PGPASSWORD: s.password },
  });
  return stdout.trim();
}

/** A fresh, empty database for one test file (or test): its URI. */
export async function freshDatabase(prefix = 'test'): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await psql(`CREATE DATABASE ${name}`);
  return pgUrl(name);
}
