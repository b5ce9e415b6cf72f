import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { foldAccents } from '../../corpus/text.js';
import { UserError } from '../../errors.js';
import { createSchema, migrate, SCHEMA_VERSION } from './schema.js';

export type { Db };
export const DB_FILE = 'paperscope.db';

/** Opens (and for writers, creates or migrates) the SQLite database of an index directory. */
export function openDatabase(path: string, dir: string, mode: 'read' | 'write'): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: mode === 'read', fileMustExist: mode === 'read' });
  } catch (err) {
    throw translateSqliteError(err, dir) ?? err;
  }
  try {
    if (mode === 'write') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    }
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    // `--author muller` finds Müller: filters compare names without accents, as library catalogues do.
    db.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldAccents(text) : text));
    const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).get();
    if (!hasMeta) {
      if (mode === 'read') throw new UserError(`index ${dir} is empty`, 'run paperscope ingest <files> to fill it');
      db.transaction(() => {
        createSchema(db);
        setMeta(db, 'schema_version', String(SCHEMA_VERSION));
        setMeta(db, 'generation', '0');
        setMeta(db, 'created_at', new Date().toISOString());
      })();
    } else {
      const version = Number(getMeta(db, 'schema_version'));
      if (mode === 'write') migrate(db, version, dir);
      else if (version !== SCHEMA_VERSION) {
        if (version > SCHEMA_VERSION) migrate(db, version, dir); // throws the "newer paperscope" error
        throw new UserError(
          `index ${dir} uses schema ${version}; this paperscope uses ${SCHEMA_VERSION}`,
          'run paperscope reindex once to upgrade it',
        );
      }
    }
    return db;
  } catch (err) {
    db.close();
    throw translateSqliteError(err, dir) ?? err;
  }
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function allMeta(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** SQLite's "not a database" and "malformed" mean a damaged file: say so in the user's terms. */
export function translateSqliteError(err: unknown, dir: string): UserError | undefined {
  if (err instanceof UserError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(
      `the database of index ${dir} is damaged (${code})`,
      'it cannot be repaired from the vectors; move the index directory aside and ingest your files again',
    );
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || (err as NodeJS.ErrnoException).code === 'ENOSPC') {
    return new UserError(`no space left on the device while writing index ${dir}; nothing was changed`, 'free some disk space and run the command again');
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new UserError(`cannot open the database of index ${dir} (${code})`, 'check that the directory exists and that you may read and write it');
  }
  return undefined;
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, prepared once per connection: ingest runs the same few statements 100k times. */
export function stmt(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}
