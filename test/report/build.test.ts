import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex, type Paperscope, type ReportModel, type ReportResult } from '../../src/api.js';
import { PaperIndex } from '../../src/store/sqlite/paper-index.js';
import { FIXTURES, TEST_MODELS_DIR, TINY_MODEL_ID } from '../helpers/paths.js';
import { DUPLICATES_FIXTURE, HOSTILE_FIXTURE, sampleIndex } from './helpers.js';

/** The model without what legitimately changes between two runs. */
function stable(model: ReportModel): unknown {
  const { generatedAt: _g, timings: _t, notes: _n, themes: _th, ...meta } = model.meta;
  return { ...model, meta };
}

describe('report model', () => {
  let index: Awaited<ReturnType<typeof sampleIndex>>;
  let ps: Paperscope;
  let first: ReportResult;
  let model: ReportModel;

  beforeAll(async () => {
    index = await sampleIndex([DUPLICATES_FIXTURE, HOSTILE_FIXTURE]);
    ps = openIndex({ dir: index.index, modelsDir: TEST_MODELS_DIR, offline: true });
    first = await ps.report({ format: 'json' });
    model = first.model;
  }, 120_000);

  afterAll(async () => {
    await ps?.close();
    index?.cleanup();
  });

  it('computes themes when the index has none, and says so', async () => {
    expect(first.notes[0]).toMatch(/the index had no themes, so they were computed for this report \(\d+ themes\)/);
    expect(model.meta.themes.computedForReport).toBe(true);
    const again = await ps.report({ format: 'json' });
    expect(again.model.meta.themes.computedForReport).toBe(false);
    expect(again.notes).toEqual([]);
    // Same index, same seed: the same report, map included.
    expect(stable(again.model)).toEqual(stable(model));
  });

  it('has the documented shape, and the JSON rendering is the model', () => {
    expect(Object.keys(model)).toEqual(['schema', 'meta', 'themes', 'themeSimilarity', 'themeOrder', 'overTime', 'papers', 'duplicates']);
    expect(model.schema).toBe('paperscope-report/1');
    expect(JSON.parse(first.content)).toEqual(JSON.parse(JSON.stringify(model)));
    expect(first.format).toBe('json');
    expect(first.written).toBeUndefined();
    const m = model.meta;
    expect(m.model).toEqual({ id: TINY_MODEL_ID, dtype: 'q8', dims: expect.any(Number) });
    expect(m.counts).toEqual({ papers: 29, collectionPapers: 29, themes: model.themes.length, duplicatePairs: model.duplicates.length, unthemed: 0 });
    expect(m.neighbors).toEqual({ k: 5, graphK: 15, method: 'hnsw', threads: 1 });
    expect(m.projection.method).toBe('umap');
    expect(m.projection.params).toMatchObject({ nNeighbors: 16, metric: 'cosine', init: 'pca' });
    expect(m.duplicates.threshold).toBe(0.95);
    expect(m.duplicates.method).toMatch(/nearest-neighbour list/);
    expect(m.paperscopeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(m.indexDir).toBe(index.index);
    expect(Object.keys(m.timings)).toEqual(expect.arrayContaining(['readSeconds', 'neighborsSeconds', 'projectionSeconds', 'themesSeconds']));
    for (const t of model.themes) {
      expect(t).toEqual({
        id: expect.any(Number),
        label: expect.any(String),
        size: expect.any(Number),
        keywords: expect.any(Array),
        representatives: expect.any(Array),
        cohesion: expect.any(Number),
        neighbors: expect.any(Array),
        level: 0,
        subthemes: expect.any(Array),
      });
    }
    expect(model.themes.reduce((s, t) => s + t.size, 0)).toBe(29);
  });

  it('describes every paper, placed in the unit square', () => {
    const ids = new Set<string>();
    model.papers.forEach((p, i) => {
      expect(p.index).toBe(i);
      ids.add(p.id);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(1);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(1);
      expect(model.themes.map((t) => t.id)).toContain(p.theme);
      expect(p.excerpt.length).toBeLessThanOrEqual(301);
      expect(Array.isArray(p.categories)).toBe(true);
    });
    expect(ids.size).toBe(29);
    const paged = model.papers.find((p) => p.title === 'Paged Key-Value Caches for High-Throughput LLM Serving')!;
    expect(paged).toMatchObject({ authors: ['Mira Okafor', 'Daniel Reyes'], year: 2024, date: '2024-03-12', categories: ['cs.DC', 'cs.LG'] });
    expect(paged.excerpt).toMatch(/^Serving large language models is limited by the memory/);
    const hostile = model.papers.find((p) => p.id === '2402.06666')!;
    // The scraped javascript: URL is dropped; the arXiv id gives a real link instead.
    expect(hostile.url).toBe('https://arxiv.org/abs/2402.06666');
  });

  it('lists each paper\'s nearest neighbours, itself excluded, nearest first', () => {
    for (const p of model.papers) {
      expect(p.neighbors).toHaveLength(5);
      expect(p.neighbors.map((n) => n.index)).not.toContain(p.index);
      expect(new Set(p.neighbors.map((n) => n.index)).size).toBe(5);
      for (let j = 1; j < p.neighbors.length; j++) expect(p.neighbors[j - 1].similarity).toBeGreaterThanOrEqual(p.neighbors[j].similarity);
      for (const n of p.neighbors) {
        expect(n.similarity).toBeLessThanOrEqual(1.0001);
        expect(Math.round(n.similarity * 1e4) / 1e4).toBe(n.similarity);
      }
    }
  });

  it('finds the two papers with identical text as near-duplicates', () => {
    const a = model.papers.findIndex((p) => p.id === '2401.00001');
    const b = model.papers.findIndex((p) => p.id === '2401.00002');
    const pair = model.duplicates.find((d) => d.a === Math.min(a, b) && d.b === Math.max(a, b));
    expect(pair?.similarity).toBeGreaterThan(0.9999);
    expect(model.papers[a].neighbors[0]).toEqual({ index: b, similarity: pair!.similarity });
    for (const d of model.duplicates) {
      expect(d.a).toBeLessThan(d.b);
      expect(d.similarity).toBeGreaterThanOrEqual(0.95);
    }
    const sorted = [...model.duplicates].sort((x, y) => y.similarity - x.similarity);
    expect(model.duplicates.map((d) => d.similarity)).toEqual(sorted.map((d) => d.similarity));
  });

  it('has a symmetric theme similarity matrix with ones on the diagonal', () => {
    const k = model.themes.length;
    expect(model.themeSimilarity).toHaveLength(k);
    for (let i = 0; i < k; i++) {
      expect(model.themeSimilarity[i]).toHaveLength(k);
      expect(model.themeSimilarity[i][i]).toBe(1);
      for (let j = 0; j < k; j++) expect(model.themeSimilarity[i][j]).toBeCloseTo(model.themeSimilarity[j][i], 4);
    }
  });

  it('honours --neighbors and --dup-threshold', async () => {
    const r = await ps.report({ format: 'json', neighbors: 2, dupThreshold: 0.99999 });
    expect(r.model.papers.every((p) => p.neighbors.length === 2)).toBe(true);
    expect(r.model.meta.neighbors.k).toBe(2);
    expect(r.model.duplicates.every((d) => d.similarity >= 0.99999)).toBe(true);
    // The map uses the same 15-neighbour graph whatever is listed.
    expect(r.model.papers.map((p) => [p.x, p.y])).toEqual(model.papers.map((p) => [p.x, p.y]));
  });

  it('searches exactly when the HNSW file lags behind the database, with the same neighbours', async () => {
    await ps.close();
    const writer = PaperIndex.openWrite(index.index, 'test');
    writer.db.transaction(() => writer.bumpGeneration())();
    writer.close();
    const r = await ps.report({ format: 'json' });
    expect(r.model.meta.neighbors.method).toBe('exact');
    expect(r.notes.join('\n')).toMatch(/HNSW file lags behind/);
    expect(r.model.papers.map((p) => p.neighbors.map((n) => n.index))).toEqual(model.papers.map((p) => p.neighbors.map((n) => n.index)));
  });

  it('uses stale themes but says so, with the papers ingested since placed in their nearest theme', async () => {
    const before = (await ps.report({ format: 'json' })).model.papers.length;
    await ps.ingest([`${FIXTURES}/corpus/arxiv.jsonl`], { model: TINY_MODEL_ID });
    const r = await ps.report({ format: 'json' });
    expect(r.model.meta.themes.stale).toBe(true);
    expect(r.notes.join('\n')).toMatch(/papers changed since the themes were computed/);
    const placed = r.model.papers.length - before;
    expect(placed).toBeGreaterThan(0);
    expect(r.model.papers.filter((p) => p.theme === null)).toHaveLength(0);
    expect(r.model.meta.counts.unthemed).toBe(0);
    expect(r.notes.join('\n')).toContain(`${placed} papers ingested since the themes were fitted are placed in their nearest theme`);
  });
});
