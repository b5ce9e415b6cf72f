import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { isUserError, type UserError } from '../../src/errors.js';
import { parseFile, type Paper, type ParseOptions, type SkippedRecord } from '../../src/corpus/index.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'corpus');
export const fixture = (name: string): string => path.join(FIXTURES, name);

/** All papers and skips of one file. */
export async function collect(file: string, opts?: ParseOptions): Promise<{ papers: Paper[]; skips: SkippedRecord[] }> {
  const papers: Paper[] = [];
  const skips: SkippedRecord[] = [];
  for await (const item of parseFile(file, opts)) {
    if (item.kind === 'paper') papers.push(item.paper);
    else skips.push(item.skip);
  }
  return { papers, skips };
}

/** The UserError a parse ends with; fails the test when it ends otherwise. */
export async function parseError(file: string, opts?: ParseOptions): Promise<UserError> {
  try {
    await collect(file, opts);
  } catch (err) {
    if (isUserError(err)) return err;
    throw err;
  }
  throw new Error(`expected ${file} to fail with a UserError`);
}

/** A temporary directory removed after the test file. */
export function tempDir(): (name: string, content?: string | Buffer) => string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperscope-corpus-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return (name: string, content?: string | Buffer) => {
    const file = path.join(dir, name);
    if (content !== undefined) fs.writeFileSync(file, content);
    return file;
  };
}

export function gzipFixture(write: ReturnType<typeof tempDir>, name: string, as = `${name}.gz`): string {
  return write(as, gzipSync(fs.readFileSync(fixture(name))));
}

export const byTitle = (papers: Paper[], title: string): Paper => {
  const p = papers.find((x) => x.title === title);
  if (!p) throw new Error(`no paper titled ${title}; have ${papers.map((x) => x.title).join(' | ')}`);
  return p;
};
