import { constants, createReadStream } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';

/**
 * Opening an input file: the checks a user can fail (missing, directory, empty, binary, damaged gzip) as
 * UserErrors, a decoded head for format detection, and a streaming text source for the parsers.
 */

/** How much decoded text format detection looks at. */
const HEAD_BYTES = 64 * 1024;
/** Bytes per chunk read (and, for gzip, decompressed: zlib's 16 KB default makes gunzip several times slower). */
const CHUNK_BYTES = 256 * 1024;

/**
 * A gzip file may not expand beyond max(1 GiB, 200 x its compressed size). Real paper files compress
 * 4-10x; a "gzip bomb" (gigabytes of zeros or of one repeated line in a few MB) would otherwise keep
 * paperscope busy for hours. `override` (ParseOptions.maxDecompressedBytes; PAPERSCOPE_GUNZIP_LIMIT
 * through the settings) replaces the limit.
 */
export function gunzipLimit(compressedBytes: number, override?: number): number {
  if (override !== undefined) return override;
  return Math.max(1024 ** 3, 200 * compressedBytes);
}

export interface InputFile {
  file: string;
  gzipped: boolean;
  /** The first ~64 KB as text, BOM removed. */
  head: string;
  /** The whole file as decoded text chunks (gunzipped when needed, BOM removed), read lazily. */
  chunks(): AsyncGenerator<string>;
}

/** @param maxDecompressedBytes overrides {@link gunzipLimit} (tests) */
export async function openInput(file: string, maxDecompressedBytes?: number): Promise<InputFile> {
  const size = await fileSize(file);
  if (size === 0) throw new UserError(`${file} is empty.`, 'Pass a file that holds papers.');
  const raw = await readStart(file, HEAD_BYTES);
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  const headBytes = gzipped ? await gunzipStart(file) : raw;
  checkText(file, headBytes, gzipped);
  const head = new TextDecoder('utf-8').decode(headBytes, { stream: true }).replace(/^\uFEFF/, '');
  if (head.trim() === '') {
    throw new UserError(`${file} holds no text${gzipped ? ' once decompressed' : ''} (only whitespace).`, 'Pass a file that holds papers.');
  }
  const limit = gzipped ? gunzipLimit(size, maxDecompressedBytes) : Infinity;
  return { file, gzipped, head, chunks: () => textChunks(file, gzipped, limit) };
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      throw new UserError(`${file} is a directory, not a file.`, `Pass the files inside it, for example ${file}/*.jsonl`);
    }
    return info.size;
  } catch (err) {
    throw fileError(file, err);
  }
}

/**
 * Fails now, with the usual message, if a file is missing, a directory or unreadable: ingest checks
 * every file before it starts, so a typo in the last name does not surface after an hour of embedding.
 */
export async function checkReadable(file: string): Promise<void> {
  await fileSize(file);
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    throw fileError(file, err);
  }
}

/** fs errors a user can cause, as UserErrors; anything else is passed on. */
export function fileError(file: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new UserError(`${file}: no such file.`, 'Check the path and the spelling of the file name.');
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`${file}: permission denied.`, 'Make the file readable for your user.');
  if (code === 'EISDIR') return new UserError(`${file} is a directory, not a file.`, `Pass the files inside it, for example ${file}/*.jsonl`);
  return err;
}

async function readStart(file: string, bytes: number): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw fileError(file, err);
  }
}

async function gunzipStart(file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  const stream = createReadStream(file).pipe(createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) break;
    }
  } catch (err) {
    // A short file whose head decompressed fine but ends early still gives a head; a bad header does not.
    if (total === 0) throw gzipError(file, err);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

export function gzipError(file: string, err: unknown): UserError {
  const detail = err instanceof Error ? err.message : String(err);
  return new UserError(
    `${file} is a damaged gzip file (${detail}).`,
    'Download or compress it again; `gzip -t <file>` checks a gzip file.',
  );
}

/** Binary or non-UTF-8 content gets a clear message instead of garbage records. */
function checkText(file: string, bytes: Buffer, gzipped: boolean): void {
  const what = gzipped ? `${file} (decompressed)` : file;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserError(`${what} is UTF-16 text; paperscope reads UTF-8.`, 'Save or export the file as UTF-8.');
  }
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) {
    throw new UserError(
      `${what} is a binary file, not text.`,
      'paperscope reads JSON Lines, JSON, CSV/TSV, BibTeX, RIS, MEDLINE, PubMed XML, arXiv Atom and the publication-listing text format (any of them gzipped). PDFs, spreadsheets (.xlsx) and EndNote libraries (.enl) must be exported to one of these first.',
    );
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    throw new UserError(
      `${what} is not UTF-8 text (perhaps Latin-1 or Windows-1252).`,
      'Re-save it as UTF-8, for example with `iconv -f latin1 -t utf-8 in.csv > out.csv`.',
    );
  }
}

async function* textChunks(file: string, gzipped: boolean, limit: number): AsyncGenerator<string> {
  const source = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream: Readable = gzipped ? source.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : source;
  if (gzipped) source.on('error', (err) => stream.destroy(err));
  // Bytes are counted before decoding, for the gzip limit; the decoder keeps characters split across chunks whole.
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let first = true;
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      bytes += buf.length;
      if (bytes > limit) throw expansionError(file, limit);
      const chunk = decoder.write(buf);
      if (chunk === '') continue; // a character split across chunks comes whole with the next one
      if (first) {
        first = false;
        yield chunk.replace(/^\uFEFF/, '');
      } else yield chunk;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (gzipped && typeof code === 'string' && code.startsWith('Z_')) throw gzipError(file, err);
    throw fileError(file, err);
  } finally {
    stream.destroy();
    source.destroy();
  }
}

function expansionError(file: string, limit: number): UserError {
  const size = limit >= 1024 ** 3 ? `${+(limit / 1024 ** 3).toFixed(1)} GB` : `${+(limit / 1024 ** 2).toFixed(1)} MB`;
  return new UserError(
    `${file} expands to more than ${size} when decompressed; paperscope stopped reading it (a gzip file this repetitive is usually a "gzip bomb" or not a paper file).`,
    `If the file is what you meant, decompress it first (gunzip -k ${file}) and pass the decompressed file, or raise the limit with PAPERSCOPE_GUNZIP_LIMIT=<bytes>.`,
  );
}
