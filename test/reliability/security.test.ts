/**
 * Hostile text in papers and queries never reaches SQL or FTS5 as syntax, paperscope writes only where the
 * user asked (the index, and the working directory's default index), reads the model cache without writing
 * it when offline, and never runs a shell. Everything through the built CLI, as a user runs it.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexInfo, IngestSummary, SearchResponse } from '../../src/api.js';
import type { CorpusSummary, Paper } from '../../src/corpus/index.js';
import type { SimilarResponse } from '../../src/search/similar.js';
import { json, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { inspectIndex } from '../helpers/index-db.js';
import { FIXTURES, PROJECT_ROOT, SAMPLE_CORPUS, TEST_MODELS_DIR, TINY_MODEL_ID } from '../helpers/paths.js';

interface Hostile {
  key: string;
  /** A word only this paper has, to find it by. */
  word: string;
  title: string;
  abstract: string;
  authors: string[];
  doi?: string;
}

/** Titles and abstracts hold single spaces only, so what was read is `titleRaw ?? title` exactly. */
const HOSTILE: Hostile[] = [
  {
    key: 'sql-drop',
    word: 'zqxa',
    title: "Robert'); DROP TABLE papers; -- zqxa",
    abstract: "x'); DELETE FROM papers WHERE 1=1; -- and ' OR ''=' and ; DROP TABLE papers_fts; zqxa",
    authors: ["O'Brien'); DROP TABLE papers; --", 'Ana Lopez'],
  },
  {
    key: 'sql-or',
    word: 'zqxb',
    title: '" OR 1=1 -- zqxb',
    abstract: '" OR ""=" ; SELECT * FROM papers; /* comment */ UNION SELECT sql FROM sqlite_master zqxb',
    authors: ['" OR 1=1 --'],
  },
  {
    key: 'fts5',
    word: 'zqxc',
    title: 'title:foo* NEAR(a b) AND NOT zqxc',
    abstract: 'abstract:bar^ OR "unterminated AND (a OR b) NOT c* {title abstract}: x + y - z zqxc',
    authors: ['NEAR(Smith 5)'],
  },
  {
    key: 'backslash',
    word: 'zqxd',
    title: 'Back\\slash \\\\ C:\\path\\to\\file \\n \\u0041 \\x00 zqxd',
    abstract: 'Regex \\d+\\s* and \\"escaped quotes\\" and \\\\server\\share\\ zqxd',
    authors: ['Back\\Slash'],
  },
  {
    key: 'control',
    word: 'zqxe',
    title: 'Control\u0001chars\u0007bell \u001b[31mred\u001b[0m zqxe',
    abstract: 'Vertical\u000btab form\u000cfeed and \u007f delete \u0008 backspace zqxe',
    authors: ['Ctrl\u0002Char'],
  },
  {
    key: 'emoji',
    word: 'zqxf',
    title: 'Emoji 🧪🔬 and ZWJ 👩‍🔬 family 👨‍👩‍👧 zqxf',
    abstract: 'Flags 🇫🇷 skin tones 👍🏽 astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and a lone combining e\u0301 zqxf',
    authors: ['Zoë Ñandú'],
  },
  {
    key: 'rtl',
    word: 'zqxg',
    title: 'شبكات عصبية עברית mixed \u202eRTL override\u202c zqxg',
    abstract: 'نص عربي طويل مع أرقام ١٢٣ and Hebrew שלום and \u200fmarks\u200e zqxg',
    authors: ['محمد علي', 'דוד לוי'],
  },
  {
    key: 'shell',
    word: 'zqxh',
    title: '$(rm -rf ~) `reboot` ; | && > /dev/null zqxh',
    abstract: '${HOME} %s %n %x {{template}} <script>alert(1)</script> ../../etc/passwd zqxh',
    authors: ['Eve $(id)'],
  },
  {
    key: 'doi-id',
    word: 'zqxi',
    // A DOI with quotes becomes the paper's id: looked up, stored and compared as a parameter.
    doi: "10.1234/x');DROP--\"OR\"1",
    title: 'A paper whose id has quotes zqxi',
    abstract: "Its DOI is 10.1234/x');DROP--\"OR\"1 and it is looked up by id zqxi",
    authors: ['Id Quoter'],
  },
];

let sandbox: ReturnType<typeof tempDir>;
let corpus: string;
let index: string;
/** The papers as `parse --json` understood them, by key. */
const parsed = new Map<string, Paper>();

const cli = async (args: string[], env?: Record<string, string>): Promise<CliResult> => {
  const r = await runCli(args, { cwd: sandbox.path, env });
  expect(r.stderr, `${args.join(' ')}: stack trace in stderr`).not.toMatch(/\n\s+at /);
  return r;
};

/** Runs tasks two at a time (two cores; each CLI run is its own process). */
async function inPairs<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += 2) results.push(...(await Promise.all(tasks.slice(i, i + 2).map((t) => t()))));
  return results;
}

const original = (p: Paper): { title: string; abstract: string } => ({ title: p.titleRaw ?? p.title, abstract: p.abstractRaw ?? p.abstract });

beforeAll(async () => {
  sandbox = tempDir('paperscope-security-');
  corpus = join(sandbox.path, 'hostile.jsonl');
  index = join(sandbox.path, 'index');
  writeFileSync(corpus, HOSTILE.map(({ key: _key, word: _word, ...p }) => JSON.stringify(p)).join('\n') + '\n');
  const parse = await cli(['parse', corpus, '--json']);
  expect(parse.code, parse.stderr).toBe(0);
  const summary = json<CorpusSummary>(parse);
  expect(summary.papers).toHaveLength(HOSTILE.length);
  for (const h of HOSTILE) {
    const p = summary.papers.find((x) => x.title.includes(h.word));
    expect(p, h.key).toBeDefined();
    parsed.set(h.key, p as Paper);
  }
  const ingest = await cli(['ingest', SAMPLE_CORPUS, corpus, '--index', index, '--model', TINY_MODEL_ID, '--json']);
  expect(ingest.code, ingest.stderr).toBe(0);
  expect(json<IngestSummary>(ingest).papersInIndex).toBe(26 + HOSTILE.length);
}, 120_000);
afterAll(() => sandbox?.cleanup());

describe('paper text never reaches a SQL or FTS5 string', () => {
  it('parse --json reads every hostile title and abstract exactly as written', () => {
    for (const h of HOSTILE) {
      expect(original(parsed.get(h.key) as Paper), h.key).toEqual({ title: h.title, abstract: h.abstract });
    }
    expect(parsed.get('doi-id')?.id).toBe("10.1234/x');drop--\"or\"1");
  });

  it('search (every mode) and similar return each paper exactly as parsed; the index stays intact', async () => {
    const byParsedId = new Map([...parsed.values()].map((p) => [p.id, p]));
    // Lexical: each hostile title itself as the query (its words, not its syntax) finds that paper first.
    const lexical = HOSTILE.map((h) => async () => {
      const r = await cli(['search', h.title, '--mode', 'lexical', '--index', index, '-k', '5', '--json']);
      expect(r.code, `${h.key}: ${r.stderr}`).toBe(0);
      const [hit] = json<SearchResponse>(r).hits;
      expect(hit?.id, h.key).toBe(parsed.get(h.key)?.id);
      expect(hit.paper).toEqual(parsed.get(h.key));
      expect(hit.title).toBe(parsed.get(h.key)?.title);
      expect(hit.authors).toEqual(parsed.get(h.key)?.authors);
    });
    // Dense and hybrid with k above the index size: every paper comes back, each exactly as parsed.
    const everything = (['dense', 'hybrid'] as const).map((mode) => async () => {
      const r = await cli(['search', HOSTILE.map((h) => h.title).join(' '), '--mode', mode, '--index', index, '-k', '100', '--json']);
      expect(r.code, `${mode}: ${r.stderr}`).toBe(0);
      const hits = json<SearchResponse>(r).hits.filter((x) => byParsedId.has(x.id));
      expect(hits.length, mode).toBe(HOSTILE.length);
      for (const x of hits) expect(x.paper).toEqual(byParsedId.get(x.id));
    });
    await inPairs([...lexical, ...everything]);

    // similar, by the quoted DOI id and by hostile title words; every neighbour comes back as it was parsed.
    for (const ref of ["10.1234/x');DROP--\"OR\"1", "Robert'); DROP TABLE papers", 'title:foo* NEAR(a b) AND NOT zqxc']) {
      const r = await cli(['similar', ref, '--index', index, '-k', '40', '--json']);
      expect(r.code, `${ref}: ${r.stderr}`).toBe(0);
      const sim = json<SimilarResponse>(r);
      expect(byParsedId.has(sim.of.id), ref).toBe(true);
      const hostileHits = sim.hits.filter((x) => byParsedId.has(x.id));
      expect(hostileHits.length).toBe(HOSTILE.length - 1);
      for (const x of hostileHits) expect(x.paper).toEqual(byParsedId.get(x.id));
    }

    const info = await cli(['info', '--index', index, '--json']);
    expect(info.code, info.stderr).toBe(0);
    expect(json<IndexInfo>(info)).toMatchObject({ papers: 26 + HOSTILE.length, hnsw: { vectors: 26 + HOSTILE.length, fresh: true } });
    expect(inspectIndex(index)).toMatchObject({ papers: 26 + HOSTILE.length, papersWithVector: 26 + HOSTILE.length });
    // The tables are all there, and the full-text index holds every paper.
    const db = new Database(join(index, 'paperscope.db'), { readonly: true });
    try {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['papers', 'papers_fts', 'embeddings', 'meta']));
      expect((db.prepare('SELECT count(*) AS n FROM papers_fts').get() as { n: number }).n).toBe(26 + HOSTILE.length);
      expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);

  it('filters with SQL and LIKE syntax match literally', async () => {
    const search = async (...args: string[]) => {
      const r = await cli(['search', 'paper', '--index', index, '-k', '50', '--json', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return json<SearchResponse>(r).hits.map((h) => h.id);
    };
    const [quoteAuthor, percent, underscore, category] = await inPairs([
      () => search('--author', "O'Brien'); DROP TABLE papers;"), // (its `--` reads as an en dash, as in any text)
      () => search('--author', '%'),
      () => search('--author', '_'),
      () => search('--category', "cs.LG' OR 1=1 --"),
    ]);
    expect(quoteAuthor).toEqual([parsed.get('sql-drop')?.id]);
    expect(percent).toEqual([]); // LIKE wildcards are escaped: no author has a % sign
    expect(underscore).toEqual([]);
    expect(category).toEqual([]);
    expect(inspectIndex(index).papers).toBe(26 + HOSTILE.length);
  }, 60_000);
});

describe('queries with FTS5 and SQL syntax are words, in every mode', () => {
  const QUERIES = [
    'abc" OR 1 --', '*', '"', 'NEAR(', '^', '-x', 'title:', "'); DROP TABLE papers; --", '{title abstract}: x AND NOT', '🙂 שלום',
    'x'.repeat(5000),
  ];
  it(`${QUERIES.length} queries x 3 modes: exit 0 (lexical: no results when a query has no words at all)`, async () => {
    const outcomes = await inPairs(
      QUERIES.flatMap((q) =>
        (['hybrid', 'dense', 'lexical'] as const).map((mode) => async () => {
          // `--` ends the options, so a query such as `-x` is a query (as a user must write it).
          const r = await cli(['search', '--mode', mode, '--index', index, '--json', '--', q]);
          const hasWords = /[\p{L}\p{N}]/u.test(q);
          expect(r.code, `${mode} ${q}: ${r.stderr}`).toBe(0);
          const res = json<SearchResponse>(r);
          if (mode === 'lexical' && !hasWords) {
            expect(res.hits).toEqual([]);
            return 'no words';
          }
          expect(res.query).toBe(q);
          if (mode !== 'lexical') expect(res.hits.length).toBe(10);
          return 'ok';
        }),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(QUERIES.length * 2);
    expect(inspectIndex(index).papers).toBe(26 + HOSTILE.length);
  }, 180_000);
});

/** Every file under `dir` with its size and modification time (empty when `dir` does not exist). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        out.set(`${relative(dir, p)}/`, 'dir');
        walk(p);
      } else {
        const s = statSync(p);
        out.set(relative(dir, p), `${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

describe('paperscope writes only where the user asked', () => {
  it('ingest, parse, search, similar, themes and info leave home, temp, the input folder, fixtures and the model cache as they were', async () => {
    const box = tempDir('paperscope-paths-');
    try {
      const dirs = Object.fromEntries(['home', 'tmp', 'cwd', 'input', 'out'].map((d) => [d, join(box.path, d)]));
      for (const d of Object.values(dirs)) mkdirSync(d);
      const input = join(dirs.input, 'papers.jsonl');
      writeFileSync(input, readFileSync(SAMPLE_CORPUS));
      const idx = join(dirs.out, 'my-index');
      // Home, caches and temp in the sandbox, to see whatever lands there.
      const env = { HOME: dirs.home, XDG_CACHE_HOME: join(dirs.home, '.cache'), XDG_CONFIG_HOME: join(dirs.home, '.config'), TMPDIR: dirs.tmp, TMP: dirs.tmp, TEMP: dirs.tmp };
      const watched = {
        fixtures: FIXTURES,
        models: TEST_MODELS_DIR,
        'project index/': join(PROJECT_ROOT, 'index'),
        'project models/': join(PROJECT_ROOT, 'models'),
        'transformers cache': join(PROJECT_ROOT, 'node_modules', '@huggingface', 'transformers', '.cache'),
      };
      const before = Object.fromEntries(Object.entries(watched).map(([k, d]) => [k, snapshot(d)]));
      const run = async (args: string[]) => {
        const r = await runCli(args, { cwd: dirs.cwd, env });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      };
      await run(['ingest', input, '--index', idx, '--model', TINY_MODEL_ID]);
      await run(['parse', input, '--json']);
      await run(['search', 'memory management', '--index', idx, '--json']);
      await run(['search', 'graph', '--index', idx, '--mode', 'lexical']);
      await run(['similar', 'paged key-value caches', '--index', idx]);
      await run(['themes', '--index', idx, '--k', '3']);
      await run(['info', '--index', idx, '--json']);

      expect(snapshot(dirs.cwd).size, 'files created in the working directory').toBe(0);
      expect([...snapshot(dirs.home).keys()], 'files created in HOME').toEqual([]);
      expect([...snapshot(dirs.tmp).keys()], 'files left in TMPDIR').toEqual([]);
      expect([...snapshot(dirs.input).keys()], 'files created beside the input').toEqual(['papers.jsonl']);
      expect([...snapshot(dirs.out).keys()].every((f) => f.startsWith('my-index')), 'files created beside the index').toBe(true);
      expect(snapshot(idx).size).toBeGreaterThan(0);
      for (const [k, d] of Object.entries(watched)) expect(snapshot(d), `${k} changed`).toEqual(before[k]);

      // Without --index, the index is ./index in the working directory: the documented default, and nothing else.
      await run(['ingest', input, '--model', TINY_MODEL_ID]);
      expect([...snapshot(dirs.cwd).keys()].every((f) => f === 'index/' || f.startsWith('index/')), 'default index only').toBe(true);
      expect(existsSync(join(dirs.cwd, 'index', 'paperscope.db'))).toBe(true);
      expect([...snapshot(dirs.home).keys()]).toEqual([]);
      expect(snapshot(TEST_MODELS_DIR)).toEqual(before.models);
    } finally {
      box.cleanup();
    }
  }, 120_000);
});

describe('no shell', () => {
  it('src/ never starts processes or evaluates strings as code', () => {
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.[cm]?[jt]sx?$/.test(e.name)) {
          const text = readFileSync(p, 'utf8');
          for (const pattern of [/\bchild_process\b/, /\bexecSync\b|\bexecFile(?:Sync)?\b|\bspawn(?:Sync)?\s*\(/, /\bshell\s*:\s*true\b/, /\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bnode:vm\b/]) {
            if (pattern.test(text)) offenders.push(`${relative(PROJECT_ROOT, p)}: ${pattern}`);
          }
        }
      }
    };
    walk(join(PROJECT_ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
