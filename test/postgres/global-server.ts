import type { TestProject } from 'vitest/node';
import { hasPgBinaries, PG_HOME, startPgServer, type PgServer } from '../../scripts/pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's superuser URI, or why there is none. */
    postgres: { url: string; socketDir: string; user: string; password: string } | { missing: string };
  }
}

let server: PgServer | undefined;

/**
 * Once per test run: a real PostgreSQL 16 with pgvector in a temp dir (scripts/pg-server.ts), from the
 * binaries .ci/run fetches. Without them (a fresh clone offline) the PostgreSQL tests skip and say why.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!hasPgBinaries()) {
    project.provide('postgres', { missing: `no PostgreSQL binaries in ${PG_HOME} (run: npm run pg-server -- --fetch)` });
    return async () => {};
  }
  try {
    server = await startPgServer();
    project.provide('postgres', { url: server.url, socketDir: server.socketDir, user: server.user, password: server.password });
  } catch (err) {
    project.provide('postgres', { missing: `the PostgreSQL test server did not start: ${(err as Error).message.split('\n')[0]}` });
  }
  return async () => {
    await server?.stop();
  };
}
