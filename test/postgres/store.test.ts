/**
 * The PostgreSQL store through the port, on a real server: filtered dense search through pgvector's HNSW
 * keeps the top k (checked against exact search over the same vectors), and an ingest whose server goes
 * away mid-run fails clearly and, run again once the server is back, finishes without losing anything.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary } from '../../src/api.js';
import type { Paper } from '../../src/corpus/paper.js';
import { openStore } from '../../src/store/open.js';
import type { IndexStore } from '../../src/store/port.js';
import { exactTopK } from '../../src/vectors/exact.js';
import { startPgServer } from '../../scripts/pg-server.js';
import { json, runCli, startCli, collect, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';
import { freshDatabase, hasPostgres } from '../helpers/postgres.js';

const DIMS = 16;
const N = 6000;

function unit(rand: () => number): Float32Array {
  const v = Float32Array.from({ length: DIMS }, () => rand() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe.runIf(hasPostgres)('filtered dense search on the server', () => {
  let store: IndexStore;
  const vectors: Float32Array[] = [];
  const years: number[] = [];
  let labels: number[] = [];

  beforeAll(async () => {
    store = openStore(await freshDatabase('dense'), { threads: 1 });
    let s = 7;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const items: { paper: Paper; hash: string }[] = [];
    for (let i = 0; i < N; i++) {
      vectors.push(unit(rand));
      years.push(2000 + (i % 10));
      const source = { file: 'synthetic', line: i + 1, format: 'jsonl' as const };
      items.push({ paper: { id: `p${i}`, title: `Paper ${i}`, abstract: `Abstract ${i}`, authors: [], year: years[i], source, sources: [source] }, hash: `h${i}` });
    }
    await store.write('test', async (index) => {
      await index.pinModel('test/model', 'q8', DIMS);
      await index.putVectors('test/model@q8', items.map((it, i) => ({ hash: it.hash, vector: vectors[i] })));
      labels = (await index.putPapers(items)).map((r) => r.label);
    });
  }, 120_000);
  afterAll(() => store?.close());

  const exact = (query: Float32Array, k: number, accept: (i: number) => boolean) => {
    const rows = [...Array(N).keys()].filter(accept);
    const matrix = new Float32Array(rows.length * DIMS);
    rows.forEach((r, j) => matrix.set(vectors[r], j * DIMS));
    return exactTopK(query, matrix, rows.map((r) => labels[r]), k);
  };

  it('a filter that passes many papers goes through HNSW and still returns k hits, nearly all of the exact top k', async () => {
    let found = 0;
    let wanted = 0;
    for (let q = 0; q < 10; q++) {
      const query = vectors[q * 37];
      // 2,400 papers pass: above the exact threshold, so the HNSW path with iterative scans runs.
      const filters = { yearFrom: 2006 };
      const { hits } = await store.read((index) => index.denseSearch(query, 50, { filters }));
      expect(hits).toHaveLength(50);
      const truth = exact(query, 50, (i) => years[i] >= 2006);
      expect(hits.every((h) => years[labels.indexOf(h.label)] >= 2006)).toBe(true);
      found += hits.filter((h) => truth.some((t) => t.label === h.label)).length;
      wanted += 50;
    }
    expect(found / wanted).toBeGreaterThan(0.95);
  });

  it('a filter that passes few papers is exact', async () => {
    const query = vectors[5];
    const { hits } = await store.read((index) => index.denseSearch(query, 20, { filters: { yearFrom: 2009 }, exclude: labels[9] }));
    const truth = exact(query, 20, (i) => years[i] >= 2009 && i !== 9);
    // 600 papers pass: below 2,000, searched exactly.
    expect(hits.map((h) => h.label)).toEqual(truth.map((t) => t.label));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(truth[i].score, 5));
  });

  it('asking for more than pass the filter returns all of them', async () => {
    const { hits } = await store.read((index) => index.denseSearch(vectors[0], 5000, { filters: { yearFrom: 2003, yearTo: 2005 } }));
    expect(hits).toHaveLength(1800);
  });
});

describe.runIf(hasPostgres)('the server goes away mid-ingest', () => {
  it('the ingest fails with one clear line; run again once the server is back, it finishes with nothing lost', async () => {
    const tmp = tempDir();
    const server = await startPgServer();
    try {
      await server.psql('CREATE DATABASE lab');
      const url = server.urlFor('lab');
      const file = join(tmp.path, 'papers.jsonl');
      writeSyntheticCorpus(file, 1200);
      const child = startCli(['ingest', file, '--index', url, '--model', TINY_MODEL_ID, '--json']);
      const done = collect(child);
      // Stopped once the first windows are committed.
      for (let i = 0; i < 600; i++) {
        const n = Number(await server.psql('SELECT count(*) FROM paperscope.papers', 'lab').catch(() => '0'));
        if (n >= 256) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await server.restart();
      const failed = await done;
      expect(failed.code, failed.stderr).toBe(1);
      expect(failed.stderr).toMatch(/lost the connection to the PostgreSQL server of postgresql:\/\/paperscope:\*\*\*@\/lab|cannot reach the PostgreSQL server/);
      expect(failed.stderr).not.toMatch(/\n\s+at /);
      expect(failed.stderr).not.toContain(server.password);
      const kept = Number(await server.psql('SELECT count(*) FROM paperscope.papers', 'lab'));
      expect(kept).toBeGreaterThanOrEqual(256);
      const rerun = await runCli(['ingest', file, '--index', url, '--json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const s = json<IngestSummary>(rerun);
      expect(s.papersInIndex).toBe(1200);
      expect(s.unchanged).toBeGreaterThanOrEqual(kept);
      expect(s.embedded).toBeLessThanOrEqual(1200 - kept);
      expect(await server.psql('SELECT count(*), count(DISTINCT id), count(vector) FROM paperscope.papers', 'lab')).toBe('1200|1200|1200');
    } finally {
      await server.stop();
      tmp.cleanup();
    }
  }, 180_000);
});
