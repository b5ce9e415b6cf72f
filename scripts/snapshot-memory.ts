/**
 * Does the Kaggle arXiv snapshot (arxiv-metadata-oai-snapshot.json, 4 GB) stream at flat memory?
 * `npx tsx scripts/snapshot-memory.ts [--mb 200]` writes a slice of that shape (every field the snapshot has:
 * versions, authors_parsed, space-separated categories, wrapped abstracts) from the shared 35,000 arXiv papers
 * into a temp folder, with a plain JSON Lines file of the same size beside it, and reads each with paperscope's
 * parser in a process of its own, printing the peak RSS of each and of a quarter of the slice.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parseFile } from '../src/corpus/index.js';
import { ARXIV_35K, checkSharedData } from './bench/data.js';
import { checkOk, runNode } from './bench/spawn.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface Source { id: string; title: string; abstract: string; authors: string[]; categories: string[]; date: string }

async function writeSlices(dir: string, megabytes: number): Promise<{ snapshot: string; quarter: string; plain: string; records: number }> {
  const papers: Source[] = [];
  for await (const line of createInterface({ input: createReadStream(ARXIV_35K).pipe(createGunzip()) })) if (line.trim()) papers.push(JSON.parse(line) as Source);
  const files = { snapshot: join(dir, 'arxiv-metadata-oai-snapshot.json'), quarter: join(dir, 'quarter.json'), plain: join(dir, 'plain.jsonl') };
  const out = { snapshot: createWriteStream(files.snapshot), quarter: createWriteStream(files.quarter), plain: createWriteStream(files.plain) };
  const write = (s: NodeJS.WritableStream, text: string) => new Promise<void>((done) => (s.write(text) ? done() : s.once('drain', () => done())));
  let bytes = 0;
  let n = 0;
  while (bytes < megabytes * 1024 * 1024) {
    const p = papers[n % papers.length];
    const d = new Date(`${p.date}T17:59:58Z`);
    const created = `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} 17:59:58 GMT`;
    // Each pass over the 35,000 gets other ids (old-style ones in every third), so no two lines are one paper.
    const round = Math.floor(n / papers.length);
    const id = round === 0 ? p.id : round % 3 === 2 ? `cs/0${String(n).padStart(6, '0')}` : `${p.id.slice(0, 5)}${String(n).padStart(5, '0').slice(-5)}`;
    const line = `${JSON.stringify({
      id, submitter: p.authors[0] ?? null, authors: p.authors.join(', '), title: p.title, comments: '12 pages, 5 figures', 'journal-ref': null,
      doi: n % 5 === 0 ? `10.1109/TPAMI.2025.${100000 + n}` : null, 'report-no': null, categories: p.categories.join(' '),
      license: 'http://creativecommons.org/licenses/by/4.0/', abstract: `  ${p.abstract.replace(/(.{70,}?) /g, '$1\n')}\n`,
      versions: [{ version: 'v1', created }, { version: 'v2', created: created.replace('17:59:58', '09:12:44') }],
      update_date: '2025-11-03', authors_parsed: p.authors.map((a) => { const w = a.split(' '); return [w.pop(), w.join(' '), '']; }),
    })}\n`;
    await write(out.snapshot, line);
    if (bytes < (megabytes * 1024 * 1024) / 4) await write(out.quarter, line);
    const plain = JSON.stringify({ id, title: p.title, abstract: p.abstract, authors: p.authors, categories: p.categories, date: p.date });
    await write(out.plain, `${plain.slice(0, -1)},"pad":"${' '.repeat(Math.max(0, line.length - plain.length - 10))}"}\n`);
    bytes += line.length;
    n++;
  }
  await Promise.all(Object.values(out).map((s) => new Promise((done) => s.end(done))));
  return { ...files, records: n };
}

async function child(file: string): Promise<void> {
  let papers = 0;
  let firstDate: string | undefined;
  for await (const item of parseFile(file)) {
    if (item.kind !== 'paper') continue;
    papers++;
    firstDate ??= item.paper.date;
  }
  process.stdout.write(`${JSON.stringify({ papers, firstDate })}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]);
  checkSharedData();
  const mb = Number(args[args.indexOf('--mb') + 1] ?? 200) || 200;
  const dir = mkdtempSync(join(tmpdir(), 'paperscope-snapshot-'));
  try {
    const files = await writeSlices(dir, mb);
    process.stdout.write(`${files.records.toLocaleString('en-US')} records, ${mb} MB, in ${dir}\n`);
    for (const [what, file] of [['snapshot slice', files.snapshot], ['quarter of it', files.quarter], ['plain JSON Lines, same size', files.plain]] as const) {
      const r = checkOk(runNode(['--import', 'tsx', 'scripts/snapshot-memory.ts', '--child', file], { tmpDir: dir, maxRss: true }), what);
      process.stdout.write(`${what}: ${r.stdout.trim()}, peak RSS ${Math.round((r.maxRss ?? 0) / 1024 / 1024)} MB, ${r.seconds.toFixed(1)} s\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
