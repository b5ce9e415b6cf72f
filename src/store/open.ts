import type { Settings } from '../settings.js';
import type { IndexStore } from './port.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** The one place that picks a storage adapter for an index location: today every location is a directory. */
export function openStore(location: string, settings: Pick<Settings, 'threads'>): IndexStore {
  return new SqliteStore(location, { threads: settings.threads });
}
