/**
 * sslmode as psql users know it (libpq's meaning), against the test server behind a TLS front
 * (test/helpers/tls-proxy.ts) that counts which connections were really encrypted: `require` encrypts
 * without checking the certificate, `verify-full` checks it against sslrootcert, `prefer` falls back to a
 * plain connection when the server has TLS off, and PGSSLMODE / PGSSLROOTCERT stand in for the URI's.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary, SearchResponse } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, TINY_MODEL_ID } from '../helpers/paths.js';
import { freshDatabase, hasPostgres, pgUrl, serverInfo } from '../helpers/postgres.js';
import { hasOpenssl, makeCertificates, startTlsProxy, type TlsFiles, type TlsProxy } from '../helpers/tls-proxy.js';

const SMALL = join(FIXTURES, 'papers', 'small.jsonl');
const canRun = hasPostgres && hasOpenssl();
if (hasPostgres && !canRun) console.warn('SKIPPED PostgreSQL TLS tests: no openssl to make test certificates');

let tmp: ReturnType<typeof tempDir>;
let files: TlsFiles;
let database: string;
/** TLS only; and a server with TLS off (answers the TLS request with no, then talks in the clear). */
let tlsOnly: TlsProxy;
let tlsOff: TlsProxy;

beforeAll(async () => {
  if (!canRun) return;
  tmp = tempDir();
  const certs = join(tmp.path, 'certs');
  mkdirSync(certs);
  files = makeCertificates(certs);
  const url = await freshDatabase('tls');
  database = url.slice(url.indexOf('@/') + 2, url.indexOf('?'));
  const socket = join(serverInfo().socketDir, '.s.PGSQL.5432');
  tlsOnly = await startTlsProxy(socket, files, { tls: 'accept', plain: false });
  tlsOff = await startTlsProxy(socket, files, { tls: 'refuse', plain: true });
});
afterAll(async () => {
  await Promise.all([tlsOnly?.close(), tlsOff?.close()]);
  tmp?.cleanup();
});

/** A TCP URI through `proxy`, as a lab member would write it for a server across the network. */
const over = (proxy: TlsProxy, params: string, host = '127.0.0.1') => {
  const s = serverInfo();
  return `postgresql://${s.user}:${s.password}@${host}:${proxy.port}/${database}${params ? `?${params}` : ''}`;
};

const expectUserError = (r: { code: number | null; stderr: string }, pattern: RegExp) => {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain(serverInfo().password);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
};

describe.runIf(canRun)('sslmode on a PostgreSQL index, as libpq means it', () => {
  it('require: encrypted, with a certificate from a CA this machine does not know (as managed services have)', async () => {
    const before = tlsOnly.counts.tls;
    const r = await runCli(['ingest', SMALL, '--index', over(tlsOnly, 'sslmode=require'), '--model', TINY_MODEL_ID, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<IngestSummary>(r).papersInIndex).toBe(4);
    const hits = json<SearchResponse>(await runCli(['search', 'sparse attention', '--index', over(tlsOnly, 'sslmode=require'), '--json'])).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(tlsOnly.counts.tls).toBeGreaterThan(before);
    expect(tlsOnly.counts.plain).toBe(0);
  });

  it('verify-full: accepts the certificate its sslrootcert signed, for the host it names, and refuses any other', async () => {
    const good = await runCli(['info', '--index', over(tlsOnly, `sslmode=verify-full&sslrootcert=${encodeURIComponent(files.ca)}`, 'localhost'), '--json']);
    expect(good.code, good.stderr).toBe(0);
    const wrongCa = await runCli(['info', '--index', over(tlsOnly, `sslmode=verify-full&sslrootcert=${encodeURIComponent(files.otherCa)}`, 'localhost')]);
    expectUserError(wrongCa, /presented a certificate this machine does not trust.*\n.*sslrootcert/);
    const noCa = await runCli(['info', '--index', over(tlsOnly, 'sslmode=verify-full', 'localhost')]);
    expectUserError(noCa, /does not trust/);
    const missing = await runCli(['info', '--index', over(tlsOnly, `sslmode=verify-full&sslrootcert=${encodeURIComponent(join(tmp.path, 'nope.pem'))}`)]);
    expectUserError(missing, /sslrootcert names .*nope\.pem, which does not exist/);
  });

  it('PGSSLMODE and PGSSLROOTCERT stand in for a URI that names neither', async () => {
    const before = tlsOnly.counts.tls;
    const env = { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: files.ca };
    const r = await runCli(['info', '--index', over(tlsOnly, ''), '--json'], { spawn: true, env });
    expect(r.code, r.stderr).toBe(0);
    expect(tlsOnly.counts.tls).toBeGreaterThan(before);
    const wrong = await runCli(['info', '--index', over(tlsOnly, '')], { spawn: true, env: { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: files.otherCa } });
    expectUserError(wrong, /does not trust/);
    // As in libpq, a Unix socket never uses TLS, whatever PGSSLMODE says.
    const local = await runCli(['info', '--index', pgUrl(database), '--json'], { spawn: true, env: { PGSSLMODE: 'require' } });
    expect(local.code, local.stderr).toBe(0);
  });

  it('prefer: TLS when the server offers it, a plain connection when it has TLS off', async () => {
    const [tlsBefore, plainBefore] = [tlsOnly.counts.tls, tlsOff.counts.plain];
    expect((await runCli(['search', 'sparse attention', '--index', over(tlsOnly, 'sslmode=prefer')])).code).toBe(0);
    expect(tlsOnly.counts.tls).toBeGreaterThan(tlsBefore);
    const r = await runCli(['search', 'sparse attention', '--index', over(tlsOff, 'sslmode=prefer'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<SearchResponse>(r).hits.length).toBeGreaterThan(0);
    expect(tlsOff.counts.plain).toBeGreaterThan(plainBefore);
  });

  it('require against a server with TLS off: one line saying so, nothing sent in the clear', async () => {
    const plainBefore = tlsOff.counts.plain;
    expectUserError(await runCli(['info', '--index', over(tlsOff, 'sslmode=require')]), /does not accept TLS connections.*\n.*sslmode=prefer/);
    expect(tlsOff.counts.plain).toBe(plainBefore);
  });
});
