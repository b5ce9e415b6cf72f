import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';

/**
 * Opening an input file: the checks a user can fail (missing, directory, empty, binary, damaged gzip) as
 * UserErrors, a decoded head for format detection, and a streaming text source for the parsers.
 */

/** How much decoded text format detection looks at. */
const HEAD_BYTES = 64 * 1024;

export interface InputFile {
  file: string;
  gzipped: boolean;
  /** The first ~64 KB as text, BOM removed. */
  head: string;
  /** The whole file as decoded text chunks (gunzipped when needed, BOM removed), read lazily. */
  chunks(): AsyncGenerator<string>;
}

export async function openInput(file: string): Promise<InputFile> {
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
  return { file, gzipped, head, chunks: () => textChunks(file, gzipped) };
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
      'paperscope reads JSON Lines, JSON, CSV/TSV, BibTeX and the publication-listing text format (any of them gzipped). PDFs and spreadsheets (.xlsx) must be exported to one of these first.',
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

async function* textChunks(file: string, gzipped: boolean): AsyncGenerator<string> {
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const stream: Readable = gzipped ? source.pipe(createGunzip()) : source;
  if (gzipped) source.on('error', (err) => stream.destroy(err));
  stream.setEncoding('utf8');
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      if (first) {
        first = false;
        yield chunk.replace(/^\uFEFF/, '');
      } else yield chunk;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (gzipped && typeof code === 'string' && code.startsWith('Z_')) throw gzipError(file, err);
    throw fileError(file, err);
  } finally {
    stream.destroy();
    source.destroy();
  }
}
