/**
 * A PostgreSQL index location: a libpq connection URI (`postgresql://user@host:5432/db`, `postgres:///db`),
 * with one paperscope parameter, `schema` (default `paperscope`), so one database can hold several indexes.
 * What the URI leaves out (host, user, password, sslmode) comes from the libpq environment variables
 * (PGHOST, PGUSER, PGPASSWORD...), which node-postgres reads itself; the TLS ones come from the settings (tls.ts).
 */
import { UserError } from '../../errors.js';
import type { LibpqTls } from '../../settings.js';
import { withLibpqTls, type TlsConnection } from './tls.js';

export const DEFAULT_SCHEMA = 'paperscope';

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

export interface PostgresLocation extends TlsConnection {
  /** What node-postgres connects with: the URI without `schema`, its sslmode as libpq means it (tls.ts). */
  connectionString: string;
  schema: string;
  /** The URI with its password replaced by `***`: the only form messages and `info` show. */
  shown: string;
}

/**
 * Splits `schema` off the URI; the rest is node-postgres's to read (libpq's forms included, such as
 * `postgresql://user@/db?host=/run/postgresql`, which the WHATWG URL parser refuses).
 */
export function parsePostgresLocation(location: string, libpq: LibpqTls = {}): PostgresLocation {
  const trimmed = location.trim();
  const q = trimmed.indexOf('?');
  const base = q < 0 ? trimmed : trimmed.slice(0, q);
  const params = q < 0 ? [] : trimmed.slice(q + 1).split('&').filter(Boolean);
  const isSchema = (param: string) => param.split('=')[0] === 'schema';
  const given = params.find(isSchema);
  const rest = params.filter((param) => !isSchema(param));
  const schema = given === undefined ? DEFAULT_SCHEMA : decodeURIComponent(given.slice('schema='.length));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new UserError(`schema "${schema}" in ${maskPassword(location)} is not a plain lower-case SQL name`, 'use letters, digits and _ (e.g. ?schema=lab_papers)');
  }
  const asGiven = rest.length ? `${base}?${rest.join('&')}` : base;
  const shown = maskPassword(given === undefined ? asGiven : `${asGiven}${rest.length ? '&' : '?'}schema=${schema}`);
  return { ...withLibpqTls(base, rest, libpq), schema, shown };
}

/** `postgresql://ann:secret@host/db` -> `postgresql://ann:***@host/db`; also `password=` parameters. */
export function maskPassword(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:/?#@\s]*:)[^@/?#\s]*@/gi, '$1***@')
    .replace(/([?&]password=)[^&\s]*/gi, '$1***');
}
