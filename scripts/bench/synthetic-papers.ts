/**
 * Synthetic papers for sizes beyond the data set: made by recombining sentences of the 35,000 real arXiv
 * abstracts (a seed paper's first sentence and title head, then sentences of other papers of its primary
 * category; its length in sentences, its authors, a real date), so lengths, vocabulary and topics are real
 * while every text is new. Used by `npm run million` and the bench's PostgreSQL section.
 */
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Rng } from '../lib/rng.js';
import { ARXIV_35K } from './data.js';

export interface SourcePaper {
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  primary: string;
  date: string;
}

export async function readSources(): Promise<SourcePaper[]> {
  const papers: SourcePaper[] = [];
  const rl = createInterface({ input: fs.createReadStream(ARXIV_35K).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as { title: string; abstract: string; authors?: string[]; categories?: string[]; primary_category?: string; date?: string };
    papers.push({ title: p.title, abstract: p.abstract, authors: p.authors ?? [], categories: p.categories ?? [], primary: p.primary_category ?? 'cs', date: p.date ?? '2025-01-01' });
  }
  return papers;
}

/** Sentences end at . ? or ! followed by a space and a capital letter or digit (not "e.g. the"). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.?!])\s+(?=[A-Z0-9])/).filter((s) => s.trim().length > 0);
}

/** Deterministic: the first n papers of a larger size are the same papers, so sizes compare like with like. */
export async function writeSynthetic(sources: SourcePaper[], n: number, file: string): Promise<void> {
  const rng = new Rng(20261202);
  const split = sources.map((p) => sentences(p.abstract));
  const byCategory = new Map<string, number[]>();
  sources.forEach((p, i) => byCategory.set(p.primary, [...(byCategory.get(p.primary) ?? []), i]));
  const out = fs.createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const seed = rng.int(sources.length);
    const s = sources[seed];
    const pool = byCategory.get(s.primary)!;
    const other = sources[pool[rng.int(pool.length)]];
    const body = [split[seed][0]];
    for (let j = 1; j < split[seed].length; j++) {
      const donor = split[pool[rng.int(pool.length)]];
      body.push(donor[rng.int(donor.length)]);
    }
    const head = s.title.split(/\s+/);
    const tail = other.title.split(/\s+/);
    const title = [...head.slice(0, Math.ceil(head.length / 2)), ...tail.slice(Math.ceil(tail.length / 2))].join(' ');
    const line = JSON.stringify({ id: `synth-${i}`, title, abstract: body.join(' '), authors: s.authors, categories: s.categories, date: sources[rng.int(sources.length)].date });
    if (!out.write(line + '\n')) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done, fail) => out.end((err?: Error | null) => (err ? fail(err) : done())));
}
