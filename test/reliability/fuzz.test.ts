/**
 * Fuzzing the parsers: the real fixtures of every format, mutated (bytes flipped, cut, lines shuffled,
 * quotes/braces/NULs/invalid UTF-8 inserted, CRLF mixed, gzipped or damaged gzip), and generated files,
 * parsed with and without a forced format. Whatever the input, a parse ends with records or a UserError,
 * within a time bound. Then hostile inputs one by one (50 MB lines, 100,000-level JSON, unclosed quotes and
 * braces, NULs, invalid UTF-8, gzip bombs), the big ones in a child process with a small heap, so memory
 * that grows with anything but one record crashes the test.
 *
 * CI runs a few hundred inputs; PAPERSCOPE_FUZZ_RUNS=<n> (or PAPERSCOPE_FAULT_TRIALS, set by
 * `npm run test:faults`) runs more and adds the 10 GB gzip bomb at the default limit.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMATS, parseFile, type FormatName, type Paper, type ParseOptions } from '../../src/corpus/index.js';
import { gunzipLimit } from '../../src/corpus/input.js';
import { isUserError } from '../../src/errors.js';
import { readSettings } from '../../src/settings.js';
import { FIXTURES, PROJECT_ROOT } from '../helpers/paths.js';

const FULL = process.env.PAPERSCOPE_FUZZ_RUNS !== undefined || process.env.PAPERSCOPE_FAULT_TRIALS !== undefined;
/** Runs of the mutation property; each run parses twice (format detected, and forced). */
const MUTATION_RUNS = Number(process.env.PAPERSCOPE_FUZZ_RUNS) || (FULL ? 5000 : 500);
/** Runs of each generated-file property. */
const GENERATED_RUNS = Math.max(50, Math.round(MUTATION_RUNS / 4));
/** No single parse of a fuzzed (small) file may take longer than this, even on a loaded CI machine. */
const PARSE_BOUND_MS = 10_000;
const MB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'paperscope-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const counts = { mutated: 0, generated: 0, hostile: 0, parses: 0, papers: 0, skips: 0, userErrors: 0 };
afterAll(() => {
  const inputs = counts.mutated + counts.generated + counts.hostile;
  console.log(
    `fuzz: ${inputs} inputs (${counts.mutated} mutated fixtures, ${counts.generated} generated files, ${counts.hostile} hostile), ` +
      `${counts.parses} parses -> ${counts.papers} papers, ${counts.skips} skips, ${counts.userErrors} UserErrors` +
      ` [${FULL ? 'full' : 'CI'} mode]`,
  );
});

type Outcome = { kind: 'records'; papers: Paper[]; skips: number } | { kind: 'user-error'; message: string };

/** Parses a file to the end: records or a UserError; anything else (a crash) fails the test. */
async function parseOutcome(file: string, opts: ParseOptions = {}): Promise<Outcome> {
  counts.parses++;
  const papers: Paper[] = [];
  let skips = 0;
  try {
    for await (const item of parseFile(file, opts)) {
      if (item.kind === 'paper') papers.push(item.paper);
      else {
        expect(item.skip.reason).toEqual(expect.any(String));
        skips++;
      }
    }
  } catch (err) {
    if (!isUserError(err)) throw err;
    counts.userErrors++;
    // The user is told which file (and usually which line) to look at.
    expect(err.message).toContain(file);
    return { kind: 'user-error', message: err.message };
  }
  counts.papers += papers.length;
  counts.skips += skips;
  for (const p of papers) checkPaper(p, file);
  return { kind: 'records', papers, skips };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** What every paper must be, however damaged its file. */
function checkPaper(p: Paper, file: string): void {
  expect(p.title.trim()).not.toBe('');
  expect(p.abstract.trim()).not.toBe('');
  expect(p.id).not.toBe('');
  expect(CONTROL.test(p.title) || CONTROL.test(p.abstract)).toBe(false);
  expect(p.source.file).toBe(file);
  expect(p.source.line).toBeGreaterThanOrEqual(1);
  // It can be printed and stored (JSON.stringify overflowed on deeply nested extras).
  expect(() => JSON.stringify(p)).not.toThrow();
}

// ---------------------------------------------------------------------------------------------------------
// Mutation fuzzing of the real fixtures

const FIXTURE_NAMES = readdirSync(join(FIXTURES, 'corpus')).sort();
const FIXTURE_BYTES = new Map(FIXTURE_NAMES.map((n) => [n, readFileSync(join(FIXTURES, 'corpus', n))]));

/** Bytes that break parsers: structure characters, NUL, invalid or partial UTF-8, BOMs, format openers. */
const TOKENS: Buffer[] = [
  '"', '""', "'", '{', '}', '[', ']', '(', ')', '\\', '\\"', '\\u', '\\ud800', ',', ';', ':', '\t', '|', '#', '$', '%', '~', '=', '@',
  '\r', '\n', '\r\n', '\n\n', '@article{', '@string{x = "', '@comment{', '}}}}', '{{{{', '[[[[', ']]]', '"""',
  'title,abstract\n', '{"title":"T","abstract":"A"}\n', 'CVMay 6\n', '99.3DCJul 19, 2023Code\n', 'null', '1e999', '-',
  '\u00a0', '\u200b', '\u2028', '\ufeff', '\u{1F600}', 'é', 'ü',
].map((t) => Buffer.from(t, 'utf8')).concat(
  [
    [0x00], [0x00, 0x00, 0x00, 0x00], [0xff], [0xfe], [0xff, 0xfe], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80],
    [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xef, 0xbb, 0xbf], [0x1f, 0x8b], [0x1b], [0x7f],
  ].map((b) => Buffer.from(b)),
);

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; token: number }
  | { kind: 'insert-text'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'duplicate-line' | 'delete-line'; line: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'line-endings'; every: number; ending: '\r\n' | '\r' | '\n\n' };

const at = fc.nat({ max: 1_000_000 });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('insert' as const), at, token: fc.nat({ max: TOKENS.length - 1 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, token: fc.nat({ max: TOKENS.length - 1 }) }),
  fc.record({ kind: fc.constant('insert-text' as const), at, text: fc.string({ maxLength: 20, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 300 }), times: fc.integer({ min: 2, max: 50 }) }),
  fc.record({ kind: fc.constantFrom('duplicate-line' as const, 'delete-line' as const), line: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat({ max: 200 }), b: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('line-endings' as const), every: fc.integer({ min: 1, max: 5 }), ending: fc.constantFrom('\r\n' as const, '\r' as const, '\n\n' as const) }),
);

function splitLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
    lines.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  lines.push(buf.subarray(start));
  return lines;
}

const joinLines = (lines: Buffer[]): Buffer => Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l])));

function mutate(input: Buffer, m: Mutation): Buffer {
  const n = input.length;
  const pos = n === 0 ? 0 : 'at' in m ? m.at % (n + 1) : 0;
  switch (m.kind) {
    case 'flip': {
      if (n === 0) return input;
      const out = Buffer.from(input);
      out[pos % n] ^= m.xor;
      return out;
    }
    case 'truncate':
      return input.subarray(0, pos);
    case 'insert':
      return Buffer.concat([input.subarray(0, pos), TOKENS[m.token], input.subarray(pos)]);
    case 'insert-text':
      return Buffer.concat([input.subarray(0, pos), Buffer.from(m.text, 'utf8'), input.subarray(pos)]);
    case 'delete':
      return Buffer.concat([input.subarray(0, pos), input.subarray(pos + m.length)]);
    case 'repeat': {
      const piece = input.subarray(pos, pos + m.length);
      return Buffer.concat([input.subarray(0, pos), ...Array<Buffer>(m.times).fill(piece), input.subarray(pos + m.length)]);
    }
    case 'duplicate-line':
    case 'delete-line': {
      const lines = splitLines(input);
      const i = m.line % lines.length;
      if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i]);
      else lines.splice(i, 1);
      return joinLines(lines);
    }
    case 'swap-lines': {
      const lines = splitLines(input);
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return joinLines(lines);
    }
    case 'line-endings': {
      const lines = splitLines(input);
      return Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l] : [Buffer.from(i % m.every === 0 ? m.ending : '\n'), l])));
    }
  }
}

type Packing = 'plain' | 'gzip' | 'gzip-damaged';

function pack(bytes: Buffer, packing: Packing, damageAt: number): Buffer {
  if (packing === 'plain') return bytes;
  const gz = gzipSync(bytes);
  if (packing === 'gzip') return gz;
  // Damage past the 10-byte header, or cut the stream short.
  const out = Buffer.from(gz);
  const i = 10 + (damageAt % Math.max(1, out.length - 10));
  if (damageAt % 2) return out.subarray(0, i);
  out[i] ^= 0x5a;
  return out;
}

let fileNo = 0;
/** A fresh directory per input, so the file can keep a telling name (a parser still reading is never surprised). */
function writeInput(name: string, content: Buffer | string): string {
  const sub = join(dir, String(fileNo++));
  mkdirSync(sub);
  const file = join(sub, name);
  writeFileSync(file, content);
  return file;
}

const summary = (o: Outcome): unknown =>
  o.kind === 'records' ? { papers: o.papers.map((p) => [p.id, p.title, p.source.line]), skips: o.skips } : 'user-error';

const fuzzParams = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  // Never hang: an input still parsing after this long fails, and is shrunk to a small example. A hang
  // guard with a wide margin (the inputs are a few KB), not a speed target.
  plugins: [fc.timeout(PARSE_BOUND_MS)],
});

describe('mutation fuzzing of the fixtures of every format', () => {
  it(`${MUTATION_RUNS} mutated fixtures (plain, gzipped, damaged gzip), format detected and forced: records or a UserError, never a crash or a hang`, async () => {
    const start = performance.now();
    const before = counts.mutated;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURE_NAMES),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Packing>('plain', 'plain', 'gzip', 'gzip-damaged'),
        fc.nat(),
        fc.constantFrom('same', 'txt', 'none'),
        fc.constantFrom(...FORMATS),
        async (fixtureName, mutations, packing, damageAt, naming, forced) => {
          const bytes = mutations.reduce((b, m) => mutate(b, m), FIXTURE_BYTES.get(fixtureName) as Buffer);
          const base = naming === 'same' ? fixtureName : naming === 'txt' ? 'input.txt' : 'input';
          const file = writeInput(packing === 'plain' ? base : `${base}.gz`, pack(bytes, packing, damageAt));
          counts.mutated++;
          const plain = packing === 'gzip' ? writeInput(base, bytes) : undefined;
          try {
            await parseOutcome(file);
            await parseOutcome(file, { format: forced });
            // Gzipped, the same bytes read the same: same papers at the same lines, or a UserError both ways.
            if (plain) expect(summary(await parseOutcome(plain))).toEqual(summary(await parseOutcome(file)));
          } finally {
            rmSync(file);
            if (plain) rmSync(plain);
          }
        },
      ),
      fuzzParams(MUTATION_RUNS),
    );
    expect(counts.mutated - before).toBe(MUTATION_RUNS);
    console.log(`mutation fuzzing: ${counts.mutated} inputs in ${Math.round(performance.now() - start)} ms`);
  }, (FULL ? 60 : 1) * 120_000);

  it('every unmutated fixture parses in every forced format without a crash', async () => {
    for (const name of FIXTURE_NAMES) {
      for (const packing of ['plain', 'gzip'] as const) {
        const file = writeInput(packing === 'gzip' ? `${name}.gz` : name, pack(FIXTURE_BYTES.get(name) as Buffer, packing, 0));
        counts.mutated++;
        await parseOutcome(file);
        for (const format of FORMATS) await parseOutcome(file, { format });
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Generated files: well-formed but random content, where the outcome is known exactly

/**
 * Text that is hard on cleanup: LaTeX, markup, quotes, separators, invisible and non-Latin characters. Formats
 * written raw exclude NUL (a NUL near the start makes a file binary, by design: see the NUL tests).
 */
const textArb = (exclude: RegExp = /(?!)/): fc.Arbitrary<string> =>
  fc.string({
    maxLength: 60,
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019 ,;.:-'.split('')) },
      { weight: 2, arbitrary: fc.constantFrom('"', "'", '\\', '$', '{', '}', '~', '%', '#', '&amp;', '<i>', '--', '``', '\n', '\t', '\u00ad', '\u200b', '\u0000', '\u2028', 'é', 'ß', 'Ω', '\u{1F600}', '日本', 'عربى') },
      { weight: 1, arbitrary: fc.string({ maxLength: 3, unit: 'grapheme' }) },
    ),
  }).map((t) => t.replace(exclude, ''));

describe('generated files of every format', () => {
  it('JSON Lines of random objects: one paper or one skip per line, at its line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record(
            { title: textArb(), abstract: textArb(), authors: fc.oneof(textArb(), fc.array(textArb(), { maxLength: 4 })), other: fc.jsonValue({ maxDepth: 3 }) },
            { requiredKeys: [] },
          ),
          { minLength: 1, maxLength: 8 },
        ),
        fc.boolean(),
        async (objects, gzip) => {
          const text = objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
          const file = writeInput(gzip ? 'g.jsonl.gz' : 'g.jsonl', gzip ? gzipSync(text) : text);
          counts.generated++;
          const out = await parseOutcome(file, { format: 'jsonl' });
          // A file without one paper says which keys its records have instead (the only error allowed).
          if (out.kind === 'user-error') expect(out.message).toMatch(/: no record has (an abstract|a title) \(looked for keys/);
          else expect(out.kind).toBe('records');
          if (out.kind !== 'records') return;
          expect(out.papers.length + out.skips).toBe(objects.length);
          const lines = objects.map((_, i) => i + 1);
          for (const p of out.papers) expect(lines).toContain(p.source.line);
        },
      ),
      fuzzParams(GENERATED_RUNS),
    );
  });

  it('JSON documents (array or wrapper object, pretty or compact): one paper or one skip per element', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title: textArb(), abstract: textArb(), nested: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: [] }), { maxLength: 6 }),
        fc.constantFrom('array', 'wrapper'),
        fc.constantFrom(0, 2, '\t'),
        async (objects, shape, indent) => {
          const doc = shape === 'array' ? objects : { meta: { count: objects.length, note: '[{"not": "a record"}]' }, results: objects };
          const file = writeInput('g.json', JSON.stringify(doc, null, indent));
          counts.generated++;
          const out = await parseOutcome(file);
          if (out.kind === 'user-error') expect(out.message).toMatch(/: no record has (an abstract|a title) \(looked for keys/);
          else expect(out.kind).toBe('records');
          if (out.kind === 'records') expect(out.papers.length + out.skips).toBe(objects.length);
        },
      ),
      fuzzParams(GENERATED_RUNS),
    );
  });

  it('CSV/TSV with quoted fields holding delimiters, quotes and line breaks: one item per row, at its line', async () => {
    const quote = (v: string, d: string, always: boolean): string =>
      always || v.includes(d) || /["\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.uniqueArray(fc.constantFrom('year', 'doi', 'url', 'notes', 'x y', 'Ünï', 'keywords', 'authors'), { maxLength: 3 }),
        fc.array(fc.array(textArb(/[\r\0]/g), { minLength: 5, maxLength: 5 }), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        async (delimiter, extra, rows, alwaysQuote, crlf) => {
          const header = ['title', 'abstract', ...extra];
          const eol = crlf ? '\r\n' : '\n';
          const body = rows.map((r) => header.map((_, i) => quote(r[i], delimiter, alwaysQuote)).join(delimiter));
          const file = writeInput(delimiter === '\t' ? 'g.tsv' : 'g.csv', [header.join(delimiter), ...body].join(eol) + eol);
          counts.generated++;
          const out = await parseOutcome(file);
          expect(out.kind).toBe('records');
          if (out.kind !== 'records') return;
          expect(out.papers.length + out.skips).toBe(rows.length);
          // Each record starts on the line after the previous one's last (quoted fields may hold line breaks).
          const starts: number[] = [];
          let line = 2;
          for (const r of rows) {
            starts.push(line);
            line += 1 + r.slice(0, header.length).join('').split('\n').length - 1;
          }
          for (const p of out.papers) expect(starts).toContain(p.source.line);
        },
      ),
      fuzzParams(GENERATED_RUNS),
    );
  });

  it('BibTeX entries with random field text (braces balanced): one paper or one skip per entry', async () => {
    const braceSafe = textArb(/[{}\\@%\n\r\0]/g);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title: braceSafe, abstract: braceSafe, author: braceSafe, protect: fc.boolean(), quoted: fc.boolean() }), { maxLength: 6 }),
        async (entries) => {
          const text = entries
            .map((e, i) => {
              const title = e.protect ? `{${e.title}}` : e.title;
              const abstract = e.quoted ? `"${e.abstract.replaceAll('"', "''")}"` : `{${e.abstract}}`;
              return `@article{key${i},\n  title = {${title}},\n  author = {${e.author}},\n  abstract = ${abstract}\n}\n`;
            })
            .join('\n');
          const file = writeInput('g.bib', `% generated\n${text}`);
          counts.generated++;
          const out = await parseOutcome(file, { format: 'bibtex' });
          expect(out.kind).toBe('records');
          if (out.kind === 'records') expect(out.papers.length + out.skips).toBe(entries.length);
        },
      ),
      fuzzParams(GENERATED_RUNS),
    );
  });

  it('listing records with random titles and abstracts: one paper or one skip per record', async () => {
    const lineSafe = textArb(/[\n\r\0]/g).filter((t) => t.trim() !== '' && !/^\s*(?:\d|[A-Z]{2}[A-Z][a-z])/.test(t));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title: lineSafe, abstract: lineSafe, day: fc.integer({ min: 1, max: 28 }), code: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        async (records) => {
          const text = records.map((r) => `CVMay ${r.day}, 2024${r.code ? 'Code' : ''}\n${r.title}\n${r.abstract}\n`).join('\n');
          const file = writeInput('g.txt', text);
          counts.generated++;
          const out = await parseOutcome(file, { format: 'listing' });
          expect(out.kind).toBe('records');
          if (out.kind === 'records') expect(out.papers.length + out.skips).toBe(records.length);
        },
      ),
      fuzzParams(GENERATED_RUNS),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Hostile inputs, one by one

/**
 * Parses in a child process whose heap is capped, reporting the outcome, the time and the peak memory: memory
 * that grows with the file (or with its decompressed size) instead of with one record crashes the child,
 * and a hang is killed at the time budget. Runs the built corpus module (the global setup rebuilds dist/).
 */
const CHILD = `
const { parseFile } = await import(process.env.PS_CORPUS);
const { isUserError } = await import(process.env.PS_ERRORS);
const opts = JSON.parse(process.env.PS_OPTS);
// As the library does: the settings read PAPERSCOPE_GUNZIP_LIMIT, the parser gets the limit.
if (process.env.PS_LIMIT_FROM_SETTINGS) opts.maxDecompressedBytes = (await import(process.env.PS_SETTINGS)).readSettings().gunzipLimit;
let peakRss = 0, peakHeap = 0;
const sample = () => { const m = process.memoryUsage(); peakRss = Math.max(peakRss, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed + m.external); };
const timer = setInterval(sample, 5);
const start = performance.now();
const out = { papers: 0, skips: 0, titles: [], abstractChars: 0 };
try {
  for await (const item of parseFile(process.env.PS_FILE, opts)) {
    sample();
    if (item.kind === 'skip') { out.skips++; out.skip = item.skip.reason.slice(0, 300); continue; }
    out.papers++;
    if (out.titles.length < 3) out.titles.push(item.paper.title.slice(0, 100));
    out.abstractChars += item.paper.abstract.length;
    JSON.stringify(item.paper); // printable and storable
  }
  out.outcome = 'records';
} catch (err) {
  if (!isUserError(err)) throw err;
  out.outcome = 'user-error';
  out.message = err.message;
  out.hint = err.hint;
}
sample();
clearInterval(timer);
out.ms = Math.round(performance.now() - start);
out.peakRssMB = Math.round(peakRss / 2 ** 20);
out.peakHeapMB = Math.round(peakHeap / 2 ** 20);
console.log(JSON.stringify(out));
`;

interface ChildResult {
  outcome: 'records' | 'user-error';
  papers: number;
  skips: number;
  skip?: string;
  titles: string[];
  abstractChars: number;
  message?: string;
  hint?: string;
  ms: number;
  peakRssMB: number;
  peakHeapMB: number;
}

async function parseInChild(file: string, opts: ParseOptions, limits: { heapMB: number; budgetMs: number; env?: Record<string, string> }): Promise<ChildResult> {
  counts.hostile++;
  const child = spawn(process.execPath, [`--max-old-space-size=${limits.heapMB}`, '--input-type=module', '-e', CHILD], {
    env: {
      ...process.env,
      ...limits.env,
      PS_FILE: file,
      PS_OPTS: JSON.stringify(opts),
      PS_CORPUS: pathToFileURL(join(PROJECT_ROOT, 'dist', 'corpus', 'index.js')).href,
      PS_ERRORS: pathToFileURL(join(PROJECT_ROOT, 'dist', 'errors.js')).href,
      PS_SETTINGS: pathToFileURL(join(PROJECT_ROOT, 'dist', 'settings.js')).href,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), limits.budgetMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  clearTimeout(killer);
  if (signal === 'SIGKILL') throw new Error(`parsing ${basename(file)} did not finish within ${limits.budgetMs} ms (killed)`);
  if (code !== 0) throw new Error(`parsing ${basename(file)} crashed (exit ${code}, heap cap ${limits.heapMB} MB):\n${stderr.slice(-3000)}`);
  const result = JSON.parse(stdout.trim().split('\n').pop() as string) as ChildResult;
  console.log(`${basename(file)} ${JSON.stringify(opts)}: ${result.outcome} ${result.message ?? `${result.papers} papers, ${result.skips} skips`} (${result.ms} ms, peak rss ${result.peakRssMB} MB, peak heap ${result.peakHeapMB} MB, heap cap ${limits.heapMB} MB)`);
  return result;
}

/** Writes a file piece by piece: the test never holds more than one piece of a huge file. */
function writeStreamed(name: string, head: string, piece: Buffer, times: number, tail: string): string {
  const sub = join(dir, `big-${fileNo++}`);
  mkdirSync(sub);
  const file = join(sub, name);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, head);
    for (let i = 0; i < times; i++) writeSync(fd, piece);
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
  return file;
}

const removeFile = (file: string): void => rmSync(file, { force: true });

/** A sample record of each format, for files that are valid but for one hostile spot. */
const RECORD: Record<FormatName, { name: string; header?: string; record: (title: string, abstract: string) => string }> = {
  jsonl: { name: 'h.jsonl', record: (t, a) => `${JSON.stringify({ title: t, abstract: a })}\n` },
  json: { name: 'h.json', header: '[\n', record: (t, a) => `${JSON.stringify({ title: t, abstract: a })},\n` },
  csv: { name: 'h.csv', header: 'title,abstract\n', record: (t, a) => `"${t}","${a}"\n` },
  tsv: { name: 'h.tsv', header: 'title\tabstract\n', record: (t, a) => `${t}\t${a}\n` },
  bibtex: { name: 'h.bib', record: (t, a) => `@article{k${t.length}${a.length},\n  title = {${t}},\n  abstract = {${a}}\n}\n` },
  listing: { name: 'h.txt', record: (t, a) => `CVMay 6, 2024\n${t}Ana Lopez\n${a}\n` },
  ris: { name: 'h.ris', record: (t, a) => `TY  - JOUR\nTI  - ${t}\nAU  - Lopez, Ana\nAB  - ${a}\nER  - \n\n` },
  medline: { name: 'h.nbib', record: (t, a) => `PMID- ${10000 + t.length + a.length}\nTI  - ${t}\nFAU - Lopez, Ana\nAB  - ${a}\n\n` },
  'pubmed-xml': {
    name: 'h.xml',
    header: '<?xml version="1.0" ?>\n<PubmedArticleSet>\n',
    record: (t, a) => `<PubmedArticle><MedlineCitation><PMID>${t.length}</PMID><Article><ArticleTitle>${t}</ArticleTitle><Abstract><AbstractText>${a}</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n`,
  },
  'arxiv-atom': {
    name: 'h.atom',
    header: '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n',
    record: (t, a) => `<entry><id>http://arxiv.org/abs/2401.0${String(t.length % 10000).padStart(4, '0')}v1</id><title>${t}</title><summary>${a}</summary></entry>\n`,
  },
};

/** What closes a file of that format after its records. */
const TAIL: Partial<Record<FormatName, string>> = { 'pubmed-xml': '</PubmedArticleSet>\n', 'arxiv-atom': '</feed>\n' };

/** A file of `format` with `filler` ordinary records, then one holding `title`/`abstract` as given (raw bytes allowed). */
function fileWith(format: FormatName, filler: number, title: Buffer, abstract: Buffer): string {
  const spec = RECORD[format];
  const parts: Buffer[] = [Buffer.from(spec.header ?? '')];
  for (let i = 0; i < filler; i++) parts.push(Buffer.from(spec.record(`Filler paper number ${i}`, `An ordinary abstract about topic ${i}, long enough to fill the file.`)));
  const marker = spec.record('TITLEMARK', 'ABSTRACTMARK');
  const [before, rest] = marker.split('TITLEMARK');
  const [middle, after] = rest.split('ABSTRACTMARK');
  parts.push(Buffer.from(before), title, Buffer.from(middle), abstract, Buffer.from(after));
  if (format === 'json') parts.push(Buffer.from(`${spec.record('Last', 'The last one.').replace(/,\n$/, '')}\n]\n`));
  parts.push(Buffer.from(TAIL[format] ?? ''));
  return writeInput(spec.name, Buffer.concat(parts));
}

describe('hostile inputs', () => {
  const INVALID_UTF8: [string, number[]][] = [
    ['a lone continuation byte', [0x80]],
    ['0xFF', [0xff]],
    ['a cut 2-byte sequence', [0xc3, 0x28]],
    ['a cut 3-byte sequence', [0xe2, 0x82, 0x41]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['Latin-1 text', [...Buffer.from('Caf\xe9 na\xefve', 'latin1')]],
  ];

  it('invalid UTF-8 near the start: a UserError saying the file is not UTF-8, in every format', async () => {
    for (const format of FORMATS) {
      for (const [what, bytes] of INVALID_UTF8) {
        const file = fileWith(format, 2, Buffer.from([0x41, ...bytes, 0x42]), Buffer.from('An abstract.'));
        counts.hostile++;
        const out = await parseOutcome(file);
        expect(out, `${format}: ${what}`).toMatchObject({ kind: 'user-error', message: expect.stringMatching(/not UTF-8 text/) });
      }
    }
  }, 30_000);

  it('invalid UTF-8 past the sniffed head: read as U+FFFD (plain and gzipped), never garbage or a crash', async () => {
    for (const format of FORMATS) {
      for (const [what, bytes] of INVALID_UTF8) {
        // 100 filler records put the bad bytes past the 8 KB that the UTF-8 check looks at.
        const file = fileWith(format, 100, Buffer.from([0x41, ...bytes, 0x20, 0x42]), Buffer.from([0x43, ...bytes, 0x44]));
        for (const path of [file, writeInput(`${basename(file)}.gz`, gzipSync(readFileSync(file)))]) {
          counts.hostile++;
          const out = await parseOutcome(path);
          expect(out.kind, `${format}: ${what}: ${'message' in out ? out.message : ''}`).toBe('records');
          if (out.kind !== 'records') continue;
          const last = out.papers.find((p) => p.title.startsWith('A') && !p.title.startsWith('Filler'));
          expect(last?.title, `${format}: ${what}`).toContain('\uFFFD');
        }
      }
    }
  }, 60_000);

  it(`a 50 MB single line, as ${FULL ? 'JSON Lines, JSON, CSV, TSV, BibTeX and listing' : 'JSON Lines and CSV'}: a paper or a UserError, in bounded time and memory`, async () => {
    // Full mode adds the other formats and dashes (an en dash makes V8 store the whole abstract as two-byte text).
    const words = Buffer.from(`a long line of words, with some punctuation; and numbers 42 ${FULL ? '-- ' : ''}`.repeat(16384));
    const pieces = Math.ceil((50 * MB) / words.length);
    const cases: [FormatName, string, string, string][] = [
      ['jsonl', 'line.jsonl', '{"title": "Big Line", "abstract": "', '"}\n'],
      ['json', 'line.json', '[{"title": "Big Line", "abstract": "', '"}]\n'],
      ['csv', 'line.csv', 'title,abstract\nBig Line,"', '"\n'],
      ['tsv', 'line.tsv', 'title\tabstract\nBig Line\t', '\n'],
      ['bibtex', 'line.bib', '@article{big,\n title = {Big Line},\n abstract = {', '}}\n'],
      ['listing', 'line.txt', 'LGMay 6\nBig LineAna Lopez\n', '\n'],
    ];
    const results: string[] = [];
    for (const [format, name, head, tail] of cases.filter(([f]) => FULL || f === 'jsonl' || f === 'csv')) {
      const file = writeStreamed(name, head, words, pieces, tail);
      try {
        // One 50 MB record is held a few times over (the line, the parsed value, cleaned text, raw text).
        const r = await parseInChild(file, {}, { heapMB: 1024, budgetMs: 60_000 });
        if (r.outcome === 'records') {
          expect(r.titles).toEqual(['Big Line']);
          expect(r.abstractChars).toBeGreaterThan(45 * MB);
        } else {
          expect(r.message).toMatch(/longer than|larger than|more than|runs on|cannot be read/);
        }
        expect(r.peakRssMB).toBeLessThan(1400);
        results.push(`${format}: ${r.outcome} in ${r.ms} ms`);
      } finally {
        removeFile(file);
      }
    }
    // JSON Lines and JSON keep records up to 64 MB; the others refuse records this long.
    expect(results.filter((r) => r.includes('records')).length).toBe(FULL ? 2 : 1);
  }, 300_000);

  it('a 50 MB line of delimiters (CSV), of braces (BibTeX) and of brackets (JSON): a UserError in bounded memory', async () => {
    const cases: [string, string, string, ParseOptions, 'records' | 'user-error'][] = [
      ['commas.csv', 'title,abstract\nT,A', ',', {}, 'user-error'],
      ['tabs.tsv', 'title\tabstract\nT\tA', '\t', {}, 'user-error'],
      ['braces.bib', '@article{x,\n title = {', '{', {}, 'user-error'],
      ['brackets.json', '[{"title": "T", "abstract": "A", "x": ', '[', {}, 'user-error'],
      ['noise.txt', 'x', 'x', { format: 'listing' }, 'records'], // one skip: "line 1 is not part of a listing record"
    ];
    for (const [name, head, unit, opts, expected] of cases) {
      const file = writeStreamed(name, head, Buffer.from(unit.repeat(MB)), 50, '\n');
      try {
        const r = await parseInChild(file, opts, { heapMB: 512, budgetMs: 60_000 });
        expect(r.outcome, name).toBe(expected);
        expect(r.peakRssMB, name).toBeLessThan(900);
      } finally {
        removeFile(file);
      }
    }
  }, 300_000);

  it('JSON nested 100,000 levels deep: no stack overflow, a skip or a UserError, and printable output', async () => {
    const depth = 100_000;
    const arrays = '['.repeat(depth) + ']'.repeat(depth);
    const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const paper = (deep: string) => `{"title": "Deep", "abstract": "Nested data.", "extra": ${deep}}`;
    const cases: [string, string, 'records' | 'user-error'][] = [
      ['arrays.jsonl', `${arrays}\n`, 'user-error'],
      ['objects.jsonl', `${objects}\n`, 'records'],
      ['paper-arrays.jsonl', `${paper(arrays)}\n`, 'records'],
      ['paper-objects.jsonl', `${paper(objects)}\n${paper('[1]')}\n`, 'records'],
      ['arrays.json', arrays, 'user-error'],
      ['objects.json', `[${objects}]`, 'records'],
      ['top-objects.json', `${objects}\n`, 'records'],
      ['paper.json', `[${paper(arrays)}, ${paper(objects)}]`, 'records'],
      ['open.json', '['.repeat(depth), 'user-error'],
      ['open-objects.jsonl', '{"a":'.repeat(depth), 'records'], // one broken line: a skip naming it
    ];
    for (const [name, content, expected] of cases) {
      const file = writeInput(name, content);
      counts.hostile++;
      const out = await parseOutcome(file);
      expect(out.kind, `${name}: ${'message' in out ? out.message : ''}`).toBe(expected);
    }
    // The deep record is skipped with a reason; the ordinary one after it is read.
    const out = await parseOutcome(writeInput('mixed.jsonl', `${paper(objects)}\n${paper('[1]')}\n`));
    expect(out).toMatchObject({ kind: 'records', skips: 1 });
    if (out.kind === 'records') expect(out.papers).toHaveLength(1);
  }, 30_000);

  it('deep LaTeX braces and math in titles (BibTeX, CSV, listing): no stack overflow', async () => {
    const deep = '{'.repeat(100_000) + 'x' + '}'.repeat(100_000);
    const unbalanced = '{'.repeat(100_000) + '$'.repeat(1000) + '\\'.repeat(1000);
    for (const format of ['bibtex', 'csv', 'listing', 'jsonl'] as const) {
      for (const text of [deep, unbalanced]) {
        const file = fileWith(format, 1, Buffer.from(`Deep ${format === 'csv' ? text.replaceAll('"', '""') : text}`), Buffer.from(`Abstract ${text}`));
        counts.hostile++;
        await parseOutcome(file);
      }
    }
  }, 60_000);

  it('CSV with unbalanced quotes: the line is named, the rest is not swallowed into memory', async () => {
    const small = writeInput('quote.csv', 'title,abstract\nA,fine\nB,"unclosed abstract\nC,more\nD,more\n');
    counts.hostile++;
    expect(await parseOutcome(small)).toMatchObject({ kind: 'user-error', message: expect.stringMatching(/quote\.csv:3: this CSV cannot be read \(Quote Not Closed/) });
    // csv-parse's relax_quotes: a later quote closes it, and the lines between become one field (no crash).
    const closedLater = writeInput('quote-later.csv', 'title,abstract\nA,"unclosed abstract\nB,fine\nC,"closed here"\n');
    counts.hostile++;
    expect(await parseOutcome(closedLater)).toMatchObject({ kind: 'records', skips: 0, papers: [{ title: 'A', source: { line: 2 } }] });
    // A stray quote inside an unquoted field is text (relax_quotes), not the start of a quoted field.
    const stray = writeInput('stray.csv', 'title,abstract\nThe "best" paper,An ab"stract\n');
    counts.hostile++;
    const out = await parseOutcome(stray);
    expect(out.kind).toBe('records');
    if (out.kind === 'records') expect(out.papers[0].title).toBe('The "best" paper');
    // An unclosed quote before 40 MB of ordinary rows stops at the record-size limit.
    const row = Buffer.from('Another title,Another abstract with words\n'.repeat(20_000));
    const big = writeStreamed('big-quote.csv', 'title,abstract\nA,"never closed\n', row, Math.ceil((40 * MB) / row.length), '');
    try {
      const r = await parseInChild(big, {}, { heapMB: 384, budgetMs: 60_000 });
      expect(r.outcome).toBe('user-error');
      expect(r.message).toMatch(/big-quote\.csv:2: this CSV cannot be read/);
    } finally {
      removeFile(big);
    }
  }, 120_000);

  it('BibTeX with unclosed braces: the entry is skipped and the next read; a brace open for 20 MB is a UserError', async () => {
    const file = writeInput('open.bib', '@article{a,\n title = {Unclosed title,\n abstract = {x}\n\n@article{b,\n title = {B},\n abstract = {Fine}\n}\n@article{c,\n title = {C\n');
    counts.hostile++;
    const out = await parseOutcome(file);
    expect(out.kind).toBe('records');
    if (out.kind === 'records') {
      expect(out.papers.map((p) => p.title)).toEqual(['B']);
      expect(out.skips).toBe(2);
    }
    const para = Buffer.from('Text that goes on and on without a closing brace.\n'.repeat(10_000));
    const big = writeStreamed('open-big.bib', '@article{big,\n title = {Open\n', para, Math.ceil((20 * MB) / para.length), '}\n');
    try {
      const r = await parseInChild(big, {}, { heapMB: 384, budgetMs: 60_000 });
      expect(r.outcome).toBe('user-error');
      expect(r.message).toMatch(/open-big\.bib:1: this BibTeX entry runs on/);
    } finally {
      removeFile(big);
    }
  }, 120_000);

  it('NUL bytes: near the start a "binary file" UserError; further in, no NUL reaches a paper', async () => {
    for (const format of FORMATS) {
      const early = fileWith(format, 2, Buffer.from('Nul\0title'), Buffer.from('An abstract.'));
      counts.hostile++;
      expect(await parseOutcome(early), format).toMatchObject({ kind: 'user-error', message: expect.stringMatching(/binary file/) });
      for (const nul of [Buffer.from('Nul\0title'), Buffer.from('\0\0\0\0'), Buffer.from('Nul\\u0000escaped')]) {
        const late = fileWith(format, 100, nul, Buffer.from('Abstract with a \0 NUL'));
        counts.hostile++;
        // JSON and XML forbid raw NULs, so a raw NUL there is a UserError naming the line.
        const out = await parseOutcome(late);
        if (out.kind === 'user-error') expect(out.message, format).toMatch(/not valid JSON|cannot be read|not well-formed XML/);
        else for (const p of out.papers) expect(`${p.title}${p.abstract}`).not.toContain('\0');
      }
    }
  }, 60_000);

  it('a gzip bomb of zeros: a "binary file" UserError, without inflating the whole bomb', async () => {
    // 1 GB of zeros: a 1 MB block compressed once and repeated as gzip members (as `cat a.gz b.gz` makes).
    const member = gzipSync(Buffer.alloc(MB));
    const file = writeStreamed('zeros.jsonl.gz', '', member, 1024, '');
    counts.hostile++;
    expect(await parseOutcome(file)).toMatchObject({ kind: 'user-error', message: expect.stringMatching(/binary file/) });
  }, 30_000);

  it('a gzip bomb of valid JSON Lines: stops at the expansion limit with a clear UserError, memory flat', async () => {
    // 10 GB of papers in ~10 MB: one compressed block of repeated lines, written again and again.
    const lines = Buffer.from(`${JSON.stringify({ title: 'Bomb', abstract: 'The same paper again and again.' })}\n`.repeat(Math.floor((8 * MB) / 72)));
    const member = gzipSync(lines, { level: 9 });
    const file = writeStreamed('bomb.jsonl.gz', '', member, Math.ceil((10 * 1024 * MB) / lines.length), '');
    const compressed = statSync(file).size;
    try {
      const r = await parseInChild(file, { maxDecompressedBytes: 4 * MB }, { heapMB: 128, budgetMs: 60_000 });
      expect(r.outcome).toBe('user-error');
      expect(r.message).toMatch(/bomb\.jsonl\.gz expands to more than 4 MB when decompressed/);
      expect(r.hint).toMatch(/gunzip -k|PAPERSCOPE_GUNZIP_LIMIT/);
      expect(r.papers).toBeGreaterThan(1000); // it streamed until the limit
      expect(r.peakRssMB).toBeLessThan(300);
      // The same through the environment variable, which the settings read and hand to the parser.
      const viaEnv = await parseInChild(file, {}, { heapMB: 128, budgetMs: 60_000, env: { PAPERSCOPE_GUNZIP_LIMIT: String(2 * MB), PS_LIMIT_FROM_SETTINGS: '1' } });
      expect(viaEnv.message).toMatch(/expands to more than 2 MB/);
      console.log(`JSON Lines bomb: ${(compressed / MB).toFixed(1)} MB compressed, 10 GB decompressed`);
    } finally {
      removeFile(file);
    }
  }, 180_000);

  it('the default expansion limit is max(1 GiB, 200 x the compressed size); PAPERSCOPE_GUNZIP_LIMIT overrides it', () => {
    expect(gunzipLimit(1000)).toBe(1024 ** 3);
    expect(gunzipLimit(10 * MB)).toBe(2000 * MB);
    expect(gunzipLimit(10 * MB, 5)).toBe(5);
    expect(readSettings({ PAPERSCOPE_GUNZIP_LIMIT: '12345' }).gunzipLimit).toBe(12345);
    expect(readSettings({ PAPERSCOPE_GUNZIP_LIMIT: 'lots' }).gunzipLimit).toBeUndefined(); // the default, then
  });

  // Full mode only: going through 2 GB takes ~15 s (a 1.1 GB version takes ~8 s).
  it.runIf(FULL)('a 10 GB gzip bomb behind a valid head (JSON array, then zeros): the default limit stops it', async () => {
    // The head is valid JSON text, so only the expansion limit can stop it: 10 GB from ~10 MB, where the
    // limit is 200 x the compressed size (~2 GB).
    const gigabytes = 10;
    const head = gzipSync(`[${' '.repeat(16 * 1024)}\n`);
    const member = gzipSync(Buffer.alloc(64 * MB, 0), { level: 9 });
    const file = writeStreamed('bomb.json.gz', '', head, 1, '');
    const fd = openSync(file, 'a');
    for (let i = 0; i < Math.ceil((gigabytes * 1024) / 64); i++) writeSync(fd, member);
    closeSync(fd);
    const compressed = statSync(file).size;
    const limit = Math.max(1024 ** 3, 200 * compressed);
    try {
      const r = await parseInChild(file, {}, { heapMB: 128, budgetMs: 300_000 });
      expect(r.outcome).toBe('user-error');
      const shown = limit >= 1024 ** 3 ? `${+(limit / 1024 ** 3).toFixed(1)} GB` : '';
      expect(r.message).toContain(`expands to more than ${shown} when decompressed`);
      expect(r.peakRssMB).toBeLessThan(300);
      console.log(`JSON bomb: ${(compressed / MB).toFixed(1)} MB compressed, ${gigabytes} GB decompressed, stopped at ${shown} in ${r.ms} ms`);
    } finally {
      removeFile(file);
    }
  }, 400_000);
});
