import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary, SearchResponse, SimilarResponse, IndexInfo } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, SAMPLE_CORPUS, TINY_MODEL_ID } from '../helpers/paths.js';

const SMALL = join(FIXTURES, 'papers', 'small.jsonl');
let tmp: ReturnType<typeof tempDir>;
let index: string;

beforeAll(async () => {
  tmp = tempDir();
  index = join(tmp.path, 'index');
  const first = await runCli(['ingest', SAMPLE_CORPUS, SMALL, '--index', index, '--model', TINY_MODEL_ID, '--json']);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('ingest', () => {
  it('re-ingesting the same files changes nothing and embeds nothing', async () => {
    const again = json<IngestSummary>(await runCli(['ingest', SAMPLE_CORPUS, SMALL, '--index', index, '--json']));
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 30, embedded: 0, papersInIndex: 30 });
    expect(again.model.id).toBe(TINY_MODEL_ID); // the index remembers its model
  });

  it('a changed abstract is updated and re-embedded; the rest is reused', async () => {
    const dir = tempDir();
    try {
      const idx = join(dir.path, 'ix');
      const a = join(dir.path, 'a.jsonl');
      const fs = await import('node:fs');
      fs.writeFileSync(a, fs.readFileSync(SMALL, 'utf8').split('\n').slice(0, 3).join('\n'));
      await runCli(['ingest', a, '--index', idx, '--model', TINY_MODEL_ID]);
      fs.writeFileSync(a, fs.readFileSync(a, 'utf8').replace('dense retriever', 'sparse retriever'));
      const s = json<IngestSummary>(await runCli(['ingest', a, '--index', idx, '--json']));
      expect(s).toMatchObject({ new: 0, updated: 1, unchanged: 2, embedded: 1 });
    } finally {
      dir.cleanup();
    }
  });

  it('refuses a model other than the one the index was built with', async () => {
    const r = await runCli(['ingest', SMALL, '--index', index, '--model', 'Xenova/bge-small-en-v1.5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was built with paperscope-test\/tiny-bert/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('search', () => {
  it('returns k hits with the documented fields, best first', async () => {
    const r = json<SearchResponse>(await runCli(['search', 'memory management for LLM serving', '--index', index, '-k', '5', '--json']));
    expect(r.hits).toHaveLength(5);
    expect(r.mode).toBe('hybrid');
    for (const h of r.hits) expect(h).toMatchObject({ id: expect.any(String), title: expect.any(String), authors: expect.any(Array), snippet: expect.any(String), score: expect.any(Number) });
    expect(r.hits.map((h) => h.rank)).toEqual([1, 2, 3, 4, 5]);
    const scores = r.hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('lexical search finds a paper by the words of its title', async () => {
    const r = json<SearchResponse>(await runCli(['search', 'paged key-value caches', '--mode', 'lexical', '--index', index, '--json']));
    expect(r.hits[0].title).toBe('Paged Key-Value Caches for High-Throughput LLM Serving');
  });

  it('hybrid search puts an exact title match on top even with a meaningless model', async () => {
    const r = json<SearchResponse>(await runCli(['search', 'Sparse Attention Kernels on GPUs', '--index', index, '--json']));
    expect(r.hits[0].id).toBe('2401.00002');
  });

  it('filters narrow results without losing the top k', async () => {
    const byYear = json<SearchResponse>(await runCli(['search', 'learning', '--index', index, '--year', '2024', '-k', '8', '--json']));
    expect(byYear.hits.length).toBe(8);
    expect(byYear.hits.every((h) => h.year === 2024)).toBe(true);
    const byCat = json<SearchResponse>(await runCli(['search', 'learning', '--index', index, '--category', 'cs.AR', '--json']));
    expect(byCat.hits.length).toBe(3); // exactly the three cs.AR papers of the sample corpus
    expect(byCat.hits.every((h) => h.categories.includes('cs.AR'))).toBe(true);
    const byAuthor = json<SearchResponse>(await runCli(['search', 'gpu', '--index', index, '--author', 'guo', '--json']));
    expect(byAuthor.hits.map((h) => h.id).sort()).toEqual(['2401.00001', '2401.00002']);
    const withCode = json<SearchResponse>(await runCli(['search', 'code', '--index', index, '--has-code', '--mode', 'dense', '--json']));
    expect(withCode.hits.map((h) => h.id)).toEqual(['2401.00001']);
  });

  it('a query that looks like FTS5 or SQL syntax is just words', async () => {
    const r = await runCli(['search', 'abc" OR 1 -- ; DROP TABLE papers', '--mode', 'lexical', '--index', index, '--json']);
    expect(r.code).toBe(0);
    const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
    expect(info.papers).toBe(30);
  });

  it('a huge abstract was embedded, truncated by tokens: its vector is the embedding of its opening', async () => {
    const huge = JSON.parse(readFileSync(SMALL, 'utf8').split('\n').find((l) => l.includes('Huge abstract paper'))!) as { title: string; abstract: string };
    expect(huge.abstract.length).toBeGreaterThan(100_000);
    // The first 5,000 characters hold more tokens than the model reads, so this query embeds exactly what
    // the document's 105,000 did once cut: the stored vector must be that embedding.
    const opening = `${huge.title}. ${huge.abstract.slice(0, 5000)}`;
    const r = json<SearchResponse>(await runCli(['search', opening, '--mode', 'dense', '-k', '2', '--index', index, '--json']));
    expect(r.hits[0].title).toBe('Huge abstract paper');
    expect(r.hits[0].similarity).toBeGreaterThan(0.9999);
    expect(r.hits[1].similarity).toBeLessThan(0.999);
  });

  it('bad input: empty query, k <= 0, unknown mode', async () => {
    const empty = await runCli(['search', '  ', '--index', index]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/query is empty/);
    const k0 = await runCli(['search', 'x', '-k', '0', '--index', index]);
    expect(k0.code).toBe(2);
    expect(k0.stderr).toMatch(/option '-k, --k <n>' argument '0' is invalid\. Expected a whole number above 0/);
    const mode = await runCli(['search', 'x', '--mode', 'fuzzy', '--index', index]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/invalid/i);
  });

  it('searching a missing index says to ingest first', async () => {
    const r = await runCli(['search', 'x', '--index', join(tmp.path, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no index at .*nope/);
    expect(r.stderr).toMatch(/paperscope ingest/);
  });
});

describe('similar', () => {
  it('finds neighbours of a paper by id, never the paper itself', async () => {
    const r = json<SimilarResponse>(await runCli(['similar', '2401.00003', '--index', index, '-k', '29', '--json']));
    expect(r.of.id).toBe('2401.00003');
    expect(r.hits).toHaveLength(29);
    expect(r.hits.map((h) => h.id)).not.toContain('2401.00003');
  });

  it('accepts an arXiv id with version or prefix, and title words', async () => {
    for (const ref of ['arXiv:2401.00002v2', '2401.00002v1', 'sparse attention kernels']) {
      const r = json<SimilarResponse>(await runCli(['similar', ref, '--index', index, '--json']));
      expect(r.of.id, ref).toBe('2401.00002');
    }
  });

  it('an unknown paper is a clear error', async () => {
    const r = await runCli(['similar', 'no such paper at all', '--index', index]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no paper with id or title "no such paper at all"/);
  });
});

describe('remove, reindex, info', () => {
  it('removes papers all-or-nothing and keeps search consistent', async () => {
    const dir = tempDir();
    try {
      const idx = join(dir.path, 'ix');
      await runCli(['ingest', SMALL, '--index', idx, '--model', TINY_MODEL_ID]);
      const bad = await runCli(['remove', '2401.00001', 'nope', '--index', idx]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/no paper with id nope .*nothing was removed/);
      const ok = await runCli(['remove', '2401.00001', '--index', idx, '--json']);
      expect(json(ok)).toEqual({ removed: ['2401.00001'], papersInIndex: 3 });
      const r = json<SearchResponse>(await runCli(['search', 'retrieval code', '--index', idx, '--json']));
      expect(r.hits.map((h) => h.id)).not.toContain('2401.00001');
      const reindex = await runCli(['reindex', '--index', idx, '--json']);
      expect(json(reindex)).toMatchObject({ vectors: 3 });
    } finally {
      dir.cleanup();
    }
  });

  it('info reports papers, model, sizes and freshness', async () => {
    const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
    expect(info).toMatchObject({ papers: 30, model: { id: TINY_MODEL_ID, dtype: 'q8', dims: 32 }, hnsw: { fresh: true, vectors: 30 } });
    expect(info.sizes.databaseBytes).toBeGreaterThan(0);
  });
});

describe('models', () => {
  it('offline with the model missing: one line naming the files and where they go', async () => {
    const dir = tempDir();
    try {
      const r = await runCli(['ingest', SMALL, '--index', join(dir.path, 'ix')], { env: { PAPERSCOPE_MODELS: join(dir.path, 'models') } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/model Xenova\/all-MiniLM-L6-v2 \(q8\) is not available offline: missing config.json, tokenizer.json, tokenizer_config.json, onnx\/model_quantized.onnx/);
      expect(r.stderr).toMatch(/huggingface.co\/Xenova\/all-MiniLM-L6-v2/);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    } finally {
      dir.cleanup();
    }
  });

  it('an unknown model name is a clear error', async () => {
    const r = await runCli(['ingest', SMALL, '--index', join(tmp.path, 'other'), '--model', 'not a model']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown model "not a model"/);
  });
});

describe('duplicates across files', () => {
  it('the same paper from a JSONL file (no id) and a CSV (arXiv id) is stored once, fields merged', async () => {
    const dir = tempDir();
    try {
      const idx = join(dir.path, 'ix');
      const r = json<IngestSummary>(
        await runCli(['ingest', join(FIXTURES, 'papers', 'dup-a.jsonl'), join(FIXTURES, 'papers', 'dup-b.csv'), '--index', idx, '--model', TINY_MODEL_ID, '--json']),
      );
      expect(r).toMatchObject({ new: 1, duplicates: 1, papersInIndex: 1 });
      const hit = json<SearchResponse>(await runCli(['search', 'processing in memory', '--mode', 'lexical', '--index', idx, '--json'])).hits[0];
      expect(hit.authors).toEqual(['Marco Bianchi', 'Sunita Patel']);
      expect(hit.year).toBe(2025);
    } finally {
      dir.cleanup();
    }
  });

  it('is stored once when the two files are ingested in separate runs, and found by either name', async () => {
    const dir = tempDir();
    try {
      const idx = join(dir.path, 'ix');
      const first = json<IngestSummary>(await runCli(['ingest', join(FIXTURES, 'papers', 'dup-a.jsonl'), '--index', idx, '--model', TINY_MODEL_ID, '--json']));
      expect(first).toMatchObject({ new: 1, papersInIndex: 1 });
      const second = json<IngestSummary>(await runCli(['ingest', join(FIXTURES, 'papers', 'dup-b.csv'), '--index', idx, '--json']));
      // Merged into the stored paper: an update of it (duplicates counts records merged within one run).
      expect(second).toMatchObject({ new: 0, duplicates: 0, updated: 1, embedded: 0, papersInIndex: 1 });
      const hit = json<SearchResponse>(await runCli(['search', 'processing in memory', '--mode', 'lexical', '--index', idx, '--json'])).hits[0];
      expect(hit.authors).toEqual(['Marco Bianchi', 'Sunita Patel']);
      // Stored under the id it was first seen with, and still found by the arXiv id the second file gave.
      expect(hit.id).toMatch(/^h:/);
      const similar = await runCli(['similar', 'arXiv:2505.01234v2', '--index', idx, '--json']);
      expect(similar.code, similar.stderr).toBe(0);
      expect(json<SimilarResponse>(similar).of).toMatchObject({ id: hit.id, matchedBy: 'id' });
      // Running the second file again is a no-op.
      expect(json<IngestSummary>(await runCli(['ingest', join(FIXTURES, 'papers', 'dup-b.csv'), '--index', idx, '--json']))).toMatchObject({
        new: 0,
        updated: 0,
        papersInIndex: 1,
      });
    } finally {
      dir.cleanup();
    }
  });
});

describe('filters match literally', () => {
  it('% and _ in --category and --author are not wildcards', async () => {
    const pct = json<SearchResponse>(await runCli(['search', 'learning', '--index', index, '--category', '%*', '-k', '50', '--json']));
    expect(pct.hits).toEqual([]);
    const underscore = json<SearchResponse>(await runCli(['search', 'learning', '--index', index, '--category', 'c_.*', '-k', '50', '--json']));
    expect(underscore.hits).toEqual([]);
    const archive = json<SearchResponse>(await runCli(['search', 'learning', '--index', index, '--category', 'q-bio.*', '-k', '50', '--json']));
    expect(archive.hits.length).toBe(4); // three protein papers of the sample and the survey
  });
});

describe('ingest checks every file first', () => {
  it('a missing second file fails before anything is embedded or stored', async () => {
    const dir = tempDir();
    try {
      const idx = join(dir.path, 'ix');
      const r = await runCli(['ingest', SMALL, join(dir.path, 'typo.jsonl'), '--index', idx, '--model', TINY_MODEL_ID]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/typo.jsonl: no such file/);
      const info = await runCli(['info', '--index', idx, '--json']);
      expect(info.code === 1 || json<IndexInfo>(info).papers === 0).toBe(true);
    } finally {
      dir.cleanup();
    }
  });
});
