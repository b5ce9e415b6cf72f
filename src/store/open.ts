import type { Settings } from '../settings.js';
import type { IndexStore } from './port.js';
import { isPostgresLocation } from './postgres/location.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** The one place that picks a storage adapter for an index location: a postgresql:// URI is a server, anything else a directory. */
export function openStore(location: string, settings: Pick<Settings, 'threads'> & Partial<Pick<Settings, 'libpq'>>): IndexStore {
  if (isPostgresLocation(location)) return new PostgresStore(location, settings.libpq);
  return new SqliteStore(location, { threads: settings.threads });
}
