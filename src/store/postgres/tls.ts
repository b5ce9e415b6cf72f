/**
 * libpq's meaning of `sslmode` (and PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY) on top of node-postgres,
 * which by itself treats `require` as `verify-full` (a managed service's certificate, signed by its own CA,
 * is then refused), ignores PGSSLROOTCERT, and cannot fall back to a plain connection for `prefer`. What a
 * user wrote for psql means the same here:
 *
 *   disable, allow   no TLS
 *   prefer           TLS when the server offers it, else a plain connection
 *   require          TLS, the certificate not checked (unless sslrootcert is given: then as verify-ca)
 *   verify-ca        TLS, a certificate signed by sslrootcert's CA
 *   verify-full      TLS, that certificate, for the host named
 *
 * As in libpq, a Unix socket never uses TLS. Left unset, there is no TLS (node-postgres's default, not
 * libpq's `prefer`): a server across the network should be given `sslmode=require` or stricter.
 */

import { existsSync } from 'node:fs';
import { UserError } from '../../errors.js';
import type { LibpqTls } from '../../settings.js';

const MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
/** URI parameter -> the libpq variable that stands in for it. */
const FROM_ENV: [keyof LibpqTls & string, string][] = [
  ['sslrootcert', 'PGSSLROOTCERT'],
  ['sslcert', 'PGSSLCERT'],
  ['sslkey', 'PGSSLKEY'],
];

export interface TlsConnection {
  /** What node-postgres connects with. */
  connectionString: string;
  /** For `prefer`: the plain connection to use when the server turns TLS down. */
  plainFallback?: string;
}

/**
 * `base` is the URI before `?`; `params` its parameters (`name=value`, still encoded); `env` the libpq
 * variables (settings.ts), for what the URI leaves out.
 */
export function withLibpqTls(base: string, params: string[], env: LibpqTls): TlsConnection {
  const value = (name: string) => {
    const p = params.find((param) => param.split('=')[0] === name);
    return p === undefined ? undefined : decodeURIComponent(p.slice(name.length + 1));
  };
  const join = (ps: string[]) => (ps.length ? `${base}?${ps.join('&')}` : base);
  const others = params.filter((p) => !['sslmode', 'uselibpqcompat', ...FROM_ENV.map(([name]) => name)].includes(p.split('=')[0]));
  const mode = value('sslmode') ?? env.sslmode;
  if (mode !== undefined && !MODES.has(mode)) return { connectionString: join(params) }; // node-postgres says what is wrong
  if (mode === undefined) return { connectionString: join(params) };
  if (mode === 'disable' || mode === 'allow' || onUnixSocket(base, value('host'), env)) {
    return { connectionString: join([...others, 'sslmode=disable']) };
  }
  const files = FROM_ENV.flatMap(([name, variable]) => {
    const file = value(name) ?? env[name];
    if (!file) return [];
    if (!existsSync(file)) throw new UserError(`${value(name) ? name : variable} names ${file}, which does not exist`, `give the path of the PEM file (the server's CA for sslrootcert, the client's own for sslcert and sslkey)`);
    return [`${name}=${encodeURIComponent(file)}`];
  });
  const tls = join([...others, ...files, `sslmode=${mode}`, 'uselibpqcompat=true']);
  return mode === 'prefer' ? { connectionString: tls, plainFallback: join([...others, 'sslmode=disable']) } : { connectionString: tls };
}

/** The host is a directory (`?host=/run/postgresql`, `postgresql://%2Frun%2Fpostgresql/db`, or PGHOST when the URI names none). */
function onUnixSocket(base: string, hostParam: string | undefined, env: LibpqTls): boolean {
  const authority = base.replace(/^[a-z]+:\/\//i, '').split('/')[0];
  const hostPart = decodeURIComponent(authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d+$/, ''));
  const host = hostParam ?? (hostPart || env.host || '');
  return host.startsWith('/');
}

/** What node-postgres says when a server answers the TLS request with no: the moment `prefer` falls back. */
export function isTlsRefused(err: unknown): boolean {
  return /does not support SSL/i.test(String((err as Error)?.message ?? err));
}
