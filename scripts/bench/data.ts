/** The real abstracts: reading the shared arXiv file, writing subsets of it, and the texts ingest embeds. */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { parseFile } from '../../src/corpus/index.js';
import type { Paper } from '../../src/corpus/paper.js';
import { documentText } from '../../src/embed/text.js';
import { PROJECT_ROOT } from './paths.js';

export const SHARED_DATA = resolve(PROJECT_ROOT, '..', 'shared', 'data');
export const ARXIV_35K = join(SHARED_DATA, 'arxiv', 'arxiv-cs-abstracts-35k.jsonl.gz');

/** Fails with a clear message when the shared data is not beside the project. */
export function checkSharedData(): void {
  if (!existsSync(SHARED_DATA)) {
    throw new Error(`the shared data folder ${SHARED_DATA} does not exist: the benchmark reads real abstracts from ../shared/data/arxiv/ beside the project`);
  }
  if (!existsSync(ARXIV_35K)) throw new Error(`missing ${ARXIV_35K} (35,000 arXiv abstracts, JSONL gz)`);
}

/** The first `n` lines of a .jsonl.gz file, unchanged. */
export async function headLines(file: string, n: number): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    lines.push(line);
    if (lines.length >= n) break;
  }
  rl.close();
  return lines;
}

export async function writeJsonlGz(file: string, lines: string[]): Promise<void> {
  await pipeline(Readable.from(lines.map((l) => `${l}\n`)), createGzip(), createWriteStream(file));
}

/** Papers as paperscope's parser reads them (so the texts equal what ingest embeds). */
export async function parsePapers(file: string): Promise<Paper[]> {
  const papers: Paper[] = [];
  for await (const item of parseFile(file)) if (item.kind === 'paper') papers.push(item.paper);
  return papers;
}

/** Title + abstract, exactly as src/embed/text.ts builds the text a paper is embedded as. */
export function embeddingTexts(papers: Paper[]): string[] {
  return papers.map((p) => documentText(p.title, p.abstract));
}

/** `count` items spread evenly over `items` (a subset with the same length mix as the whole). */
export function evenSubset<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}
