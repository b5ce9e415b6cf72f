/**
 * Section 6: paperscope beside the tools a user would run instead, on the same data, machine and run:
 * embedding (sentence-transformers with torch and with its ONNX backend, fastembed), lexical search
 * (bm25s against SQLite FTS5), vector search (hnswlib in Python and FAISS HNSW against hnswlib-node) and
 * themes (BERTopic against `paperscope themes`). The peers run in python/.venv and python/.venv-onnx.
 *
 * Real weights (npm run real-models) are needed for the embedding and themes rows: the section skips with
 * a message without them. Vectors and themes use the 35,000 arXiv papers embedded by `npm run quality`
 * when that index exists (real vectors); otherwise the bench's big index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openIndex, type ThemesOverview } from '../../src/api.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import { missingModelFiles } from '../../src/embed/model-files.js';
import type { Dtype } from '../../src/embed/registry.js';
import { readSettings } from '../../src/settings.js';
import { PaperIndex } from '../../src/store/sqlite/paper-index.js';
import { loadVectorMatrix } from '../../src/store/sqlite/vectors.js';
import { exactTopK } from '../../src/vectors/exact.js';
import { DEFAULT_HNSW } from '../../src/vectors/hnsw.js';
import { ensurePythonVenv, PYTHON_DIR, runPython } from '../lib/python-venv.js';
import { STATIC_DEV_MODEL as STATIC_MODEL_ID } from '../static-model.js';
import type { BenchContext } from './context.js';
import { measureHnsw, type HnswRun } from './hnsw-measure.js';
import { CLI, MODEL_ID } from './paths.js';
import { atLeast, below, type Row } from './report.js';
import { checkOk, lastJson, runNode } from './spawn.js';
import { MB, percentile, progress } from './stats.js';
import { ClusteredSpace, perturbedQueries } from './synthetic.js';

const DEV_CACHE = path.join(os.homedir(), '.cache', 'paperscope-dev');
const REAL_MODELS = process.env.PAPERSCOPE_REAL_MODELS || path.join(DEV_CACHE, 'models');
const REAL_35K = path.join(DEV_CACHE, 'quality', 'arxiv-35k-minilm-q8');
const SCRIPT = path.join(PYTHON_DIR, 'bench_peers.py');
const QUERIES = 500;

export async function benchPeers(ctx: BenchContext): Promise<{ rows: Row[]; details: unknown }> {
  const hasReal = missingModelFiles(REAL_MODELS, MODEL_ID, 'q8').length === 0 && missingModelFiles(REAL_MODELS, MODEL_ID, 'fp32').length === 0;
  if (!hasReal) throw new Error(`peers: no real ${MODEL_ID} in ${REAL_MODELS}: run npm run real-models -- --out ${REAL_MODELS}`);
  const log = (line: string) => progress(line);
  const python = await ensurePythonVenv(log);
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const embedding = await embeddingPeers(ctx, python, await ensurePythonVenv(log, 'onnx'));
  rows.push(...embedding.rows);
  details.embedding = embedding.details;
  const lexical = await lexicalPeers(ctx, python);
  rows.push(...lexical.rows);
  details.lexical = lexical.details;
  const vectors = await vectorPeers(ctx, python);
  rows.push(...vectors.rows);
  details.vectors = vectors.details;
  if (fs.existsSync(REAL_35K)) {
    const themes = await themePeers(ctx, python);
    rows.push(...themes.rows);
    details.themes = themes.details;
  } else progress(`peers: no ${REAL_35K} (npm run quality builds it): the themes rows are left out`);
  return { rows, details };
}

// ── embedding ───────────────────────────────────────────────────────────────────────────────────────────

async function embeddingPeers(ctx: BenchContext, python: string, pythonOnnx: string) {
  const { texts } = await ctx.subset();
  const threads = readSettings().threads;
  const ours: Record<string, number> = {};
  const runs: [string, string, Dtype][] = [
    ['paperscope q8 (real weights)', REAL_MODELS, 'q8'],
    ['paperscope fp32 (real weights)', REAL_MODELS, 'fp32'],
    ['paperscope q8 (the bench model: same graph, random weights)', ctx.opts.modelsDir, 'q8'],
  ];
  for (const [name, modelsDir, dtype] of runs) {
    progress(`peers: ${name} on ${texts.length} abstracts`);
    const embedder = await loadEmbedder({ model: MODEL_ID, dtype, modelsDir, offline: true, hub: { endpoint: readSettings().hubEndpoint }, threads });
    await embedder.embedDocuments(texts.slice(0, 32));
    const t0 = performance.now();
    await embedder.embedDocuments(texts);
    ours[name] = texts.length / ((performance.now() - t0) / 1000);
    await embedder.dispose();
  }
  const fastMode = await staticModelRate(texts, threads);
  const textsFile = path.join(ctx.tmp, 'peer-texts.jsonl');
  fs.writeFileSync(textsFile, texts.map((text) => JSON.stringify({ text })).join('\n') + '\n');
  const peers: Record<string, number> = {};
  for (const [kind, py] of [['torch', python], ['onnx', pythonOnnx]] as const) {
    progress(`peers: ${kind === 'torch' ? 'sentence-transformers (torch)' : 'sentence-transformers ONNX backend and fastembed'} on the same abstracts`);
    const out = path.join(ctx.tmp, `peer-embed-${kind}.json`);
    await runPython(py, [SCRIPT, 'embed', '--texts', textsFile, '--kind', kind, '--work', path.join(DEV_CACHE, 'peers'), '--out', out, '--threads', String(threads)], {
      env: { HF_HUB_OFFLINE: '1' },
    });
    const r = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, number | Record<string, string>>;
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') peers[k] = v;
  }
  const q8 = ours['paperscope q8 (real weights)'];
  const fp32 = ours['paperscope fp32 (real weights)'];
  const stDefault = peers['sentence-transformers (torch fp32, defaults)'];
  const stInt8 = peers['sentence-transformers onnx int8 (its dynamic quantisation, avx2)'];
  const row = (metric: string, value: number, label: string, base: number, target?: number): Row => ({
    section: 'peers',
    metric,
    value,
    unit: 'docs/s',
    baseline: { label, value: base, unit: 'docs/s' },
    ratio: value / base,
    target: target === undefined ? undefined : atLeast(value / base, target, '×'),
  });
  const rows: Row[] = [
    row(`embedding q8, ${texts.length} abstracts`, q8, 'sentence-transformers defaults (torch fp32)', stDefault, 1.5),
    row('embedding q8', q8, 'sentence-transformers ONNX int8', stInt8, 1.0),
    row('embedding fp32', fp32, 'sentence-transformers ONNX fp32', peers['sentence-transformers onnx fp32']),
    row('embedding fp32', fp32, 'fastembed (same fp32 file)', peers['fastembed (the same fp32 ONNX file)']),
    {
      ...row('embedding q8, real weights', q8, 'the random-weight bench model', ours['paperscope q8 (the bench model: same graph, random weights)']),
      note: 'real-models.ts writes the real weights into the very graph and quantisation of the bench model, so onnxruntime fuses both alike',
    },
  ];
  if (fastMode !== undefined) {
    rows.push({
      ...row('embedding, fast mode (static all-MiniLM-L6-v2)', fastMode, 'paperscope q8 (the transformer)', q8),
      note: 'model2vec distillation of the same model (npm run static-model); its nDCG@10 cost is in npm run quality',
    });
  }
  return { rows, details: { texts: texts.length, threads, paperscope: { ...ours, fastMode }, peers } };
}

/** docs/s of the fast mode's static model, when npm run static-model has made it; undefined otherwise. */
async function staticModelRate(texts: string[], threads: number): Promise<number | undefined> {
  if (missingModelFiles(REAL_MODELS, STATIC_MODEL_ID, 'q8', 'model2vec').length > 0) {
    progress(`peers: no ${STATIC_MODEL_ID} in ${REAL_MODELS} (npm run static-model makes it): the fast-mode row is left out`);
    return undefined;
  }
  progress(`peers: paperscope fast mode (${STATIC_MODEL_ID}) on ${texts.length} abstracts`);
  const embedder = await loadEmbedder({ model: STATIC_MODEL_ID, dtype: 'q8', modelsDir: REAL_MODELS, offline: true, threads });
  try {
    await embedder.embedDocuments(texts.slice(0, 32));
    const t0 = performance.now();
    await embedder.embedDocuments(texts);
    return texts.length / ((performance.now() - t0) / 1000);
  } finally {
    await embedder.dispose();
  }
}

// ── lexical ─────────────────────────────────────────────────────────────────────────────────────────────

/** Titles of the collection's papers as the queries, abstracts as the documents (both sides the same). */
async function lexicalPeers(ctx: BenchContext, python: string) {
  const big = await ctx.bigIndex();
  const reader = PaperIndex.openRead(big.dir);
  const papers = reader.db.prepare('SELECT title, abstract FROM papers ORDER BY rowid').all() as { title: string; abstract: string }[];
  reader.close();
  const step = Math.max(1, Math.floor(papers.length / QUERIES));
  const queries = papers.filter((_, i) => i % step === 0).slice(0, QUERIES).map((p) => p.title);
  const index = openIndex({ dir: big.dir, modelsDir: ctx.opts.modelsDir, offline: true });
  const ms: number[] = [];
  try {
    for (const q of queries.slice(0, 20)) await index.search(q, { k: 10, mode: 'lexical' }); // warm-up
    for (const q of queries) {
      const t0 = performance.now();
      await index.search(q, { k: 10, mode: 'lexical' });
      ms.push(performance.now() - t0);
    }
  } finally {
    await index.close();
  }
  const docsFile = path.join(ctx.tmp, 'peer-docs.jsonl');
  const queriesFile = path.join(ctx.tmp, 'peer-queries.jsonl');
  fs.writeFileSync(docsFile, papers.map((p) => JSON.stringify({ text: `${p.title} ${p.abstract.slice(0, 4000)}` })).join('\n') + '\n');
  fs.writeFileSync(queriesFile, queries.map((text) => JSON.stringify({ text })).join('\n') + '\n');
  progress(`peers: bm25s on the same ${papers.length.toLocaleString('en-US')} papers and ${queries.length} queries`);
  const out = path.join(ctx.tmp, 'peer-lexical.json');
  await runPython(python, [SCRIPT, 'lexical', '--docs', docsFile, '--queries', queriesFile, '--out', out]);
  const bm25s = JSON.parse(fs.readFileSync(out, 'utf8')) as { build_seconds: number; p50_ms: number; p95_ms: number };
  const p50 = percentile(ms, 50);
  return {
    rows: [
      {
        section: 'peers',
        metric: `lexical query p50, ${papers.length.toLocaleString('en-US')} papers, top 10`,
        value: p50,
        unit: 'ms',
        baseline: { label: 'bm25s', value: bm25s.p50_ms, unit: 'ms' },
        ratio: p50 / bm25s.p50_ms,
        target: below(p50 / bm25s.p50_ms, 1.2, '× bm25s'),
        note: `paperscope: search({ mode: 'lexical' }) in process (FTS5 BM25 plus reading the hits' rows and snippets); bm25s: retrieve() of one tokenised query. p95 ${percentile(ms, 95).toFixed(2)} vs ${bm25s.p95_ms.toFixed(2)} ms. bm25s index build ${bm25s.build_seconds.toFixed(1)} s (FTS5 builds inside ingest)`,
      } satisfies Row,
    ],
    details: { queries: queries.length, paperscope: { p50Ms: p50, p95Ms: percentile(ms, 95) }, bm25s },
  };
}

// ── vectors ─────────────────────────────────────────────────────────────────────────────────────────────

interface PeerHnsw {
  build_seconds: number;
  recall10: number;
  p50_ms: number;
  p95_ms: number;
}

async function vectorPeers(ctx: BenchContext, python: string) {
  const sets: { name: string; matrix: Float32Array }[] = [];
  const real = fs.existsSync(REAL_35K);
  const reader = PaperIndex.openRead(real ? REAL_35K : (await ctx.bigIndex()).dir);
  const model = reader.requireModel();
  sets.push({ name: `${real ? 'real' : 'synthetic (bench index)'} vectors`, matrix: loadVectorMatrix(reader.db, model.key, model.dims).matrix });
  reader.close();
  sets.push({ name: 'synthetic clustered vectors', matrix: new ClusteredSpace().generate(ctx.sizes.hnswLarge, 2024) });
  const dims = 384;
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const { name, matrix } of sets) {
    const n = matrix.length / dims;
    const queries = Math.min(QUERIES, n > 100_000 ? 200 : QUERIES);
    progress(`peers: vectors, ${n.toLocaleString('en-US')} ${name}: hnswlib-node`);
    const ours: HnswRun = await measureHnsw(matrix, dims, queries, ctx.dir(`peer-hnsw-${n}`));
    // The same held-out queries measureHnsw uses, and their exact neighbours, for the peers.
    const q = perturbedQueries(matrix, dims, queries, 99);
    const labels = Int32Array.from({ length: n }, (_, i) => i);
    const truth = Array.from({ length: queries }, (_, j) => exactTopK(q.subarray(j * dims, (j + 1) * dims), matrix, labels, 10).map((h) => h.label));
    const vectorsFile = path.join(ctx.tmp, `peer-vectors-${n}.f32`);
    const queriesFile = path.join(ctx.tmp, `peer-queries-${n}.f32`);
    const metaFile = path.join(ctx.tmp, `peer-vectors-${n}.json`);
    fs.writeFileSync(vectorsFile, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
    fs.writeFileSync(queriesFile, new Uint8Array(q.buffer, q.byteOffset, q.byteLength));
    fs.writeFileSync(metaFile, JSON.stringify({ n, dims, queries, truth, m: DEFAULT_HNSW.m, efConstruction: DEFAULT_HNSW.efConstruction, ef: DEFAULT_HNSW.ef }));
    progress(`peers: vectors, ${n.toLocaleString('en-US')} ${name}: hnswlib (Python) and FAISS`);
    const out = path.join(ctx.tmp, `peer-vectors-${n}-out.json`);
    await runPython(python, [SCRIPT, 'vectors', '--vectors', vectorsFile, '--query-vectors', queriesFile, '--meta', metaFile, '--out', out, '--threads', String(readSettings().threads)]);
    const peers = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, PeerHnsw>;
    const named = Object.entries(peers).filter(([k]) => k !== 'versions');
    const fastest = named.reduce((a, b) => (b[1].p50_ms < a[1].p50_ms ? b : a));
    const at = `${n.toLocaleString('en-US')} ${name}`;
    rows.push({
      section: 'peers',
      metric: `vector query p50 at ${at}`,
      value: ours.p50Ms,
      unit: 'ms',
      baseline: { label: fastest[0], value: fastest[1].p50_ms, unit: 'ms' },
      ratio: ours.p50Ms / fastest[1].p50_ms,
      target: below(ours.p50Ms / fastest[1].p50_ms, 1.2, '× fastest'),
      note: `M ${DEFAULT_HNSW.m}, efConstruction ${DEFAULT_HNSW.efConstruction}, ef ${DEFAULT_HNSW.ef}, ${queries} held-out queries, one at a time. recall@10 / build: hnswlib-node ${ours.recallAt10.toFixed(3)} / ${ours.buildSeconds.toFixed(1)} s (one thread); ${named.map(([k, v]) => `${k} ${v.recall10.toFixed(3)} / ${v.build_seconds.toFixed(1)} s`).join('; ')} (builds on ${readSettings().threads} threads)`,
    });
    details[at] = { paperscope: ours, peers };
  }
  return { rows, details };
}

// ── themes ──────────────────────────────────────────────────────────────────────────────────────────────

async function themePeers(ctx: BenchContext, python: string) {
  // A copy: `themes --refresh` writes, and the quality run owns the cached index.
  const dir = ctx.dir('peer-themes-index');
  for (const f of fs.readdirSync(REAL_35K)) if (f.startsWith('paperscope.db')) fs.copyFileSync(path.join(REAL_35K, f), path.join(dir, f));
  progress('peers: paperscope themes --refresh on the 35,000 real vectors (timed, peak RSS)');
  const env = { PAPERSCOPE_MODELS: REAL_MODELS, PAPERSCOPE_OFFLINE: '1' };
  const r = checkOk(runNode([CLI, 'themes', '--refresh', '--json', '--index', dir], { env, tmpDir: ctx.tmp, maxRss: true }), 'paperscope themes');
  const themes = lastJson<ThemesOverview>(r, 'paperscope themes');
  const reader = PaperIndex.openRead(dir);
  const model = reader.requireModel();
  const { matrix } = loadVectorMatrix(reader.db, model.key, model.dims);
  const texts = reader.db.prepare('SELECT title, abstract FROM papers ORDER BY rowid').all() as { title: string; abstract: string }[];
  reader.close();
  const n = matrix.length / model.dims;
  const vectorsFile = path.join(ctx.tmp, 'peer-themes.f32');
  const docsFile = path.join(ctx.tmp, 'peer-themes.jsonl');
  const metaFile = path.join(ctx.tmp, 'peer-themes.json');
  fs.writeFileSync(vectorsFile, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
  fs.writeFileSync(docsFile, texts.map((t) => JSON.stringify({ text: `${t.title}. ${t.abstract}`, category: '' })).join('\n') + '\n');
  fs.writeFileSync(metaFile, JSON.stringify({ n, dims: model.dims }));
  progress('peers: BERTopic (defaults) on the same vectors');
  const out = path.join(ctx.tmp, 'peer-bertopic.json');
  await runPython(python, [path.join(PYTHON_DIR, 'quality_anchors.py'), 'bertopic', '--vectors', vectorsFile, '--meta', metaFile, '--docs', docsFile, '--out', out], {
    env: { HF_HUB_OFFLINE: '1' },
  });
  const b = JSON.parse(fs.readFileSync(out, 'utf8')) as { seconds: number; peak_rss_mb: number; keywords: string[][] };
  const rssMb = (r.maxRss ?? 0) / MB;
  return {
    rows: [
      {
        section: 'peers',
        metric: `themes, ${n.toLocaleString('en-US')} real vectors (time)`,
        value: r.seconds,
        unit: 's',
        baseline: { label: 'BERTopic fit_transform', value: b.seconds, unit: 's' },
        ratio: r.seconds / b.seconds,
        target: below(r.seconds / b.seconds, 0.5, '× BERTopic'),
        note: `paperscope: the whole themes --refresh command (reading, choosing k = ${themes.k}, clustering, keywords, storing); BERTopic: ${b.keywords.length} topics, fit on given embeddings`,
      },
      {
        section: 'peers',
        metric: 'themes (peak RSS)',
        value: rssMb,
        unit: 'MB',
        baseline: { label: 'BERTopic process', value: b.peak_rss_mb, unit: 'MB' },
        ratio: rssMb / b.peak_rss_mb,
        target: below(rssMb / b.peak_rss_mb, 0.5, '× BERTopic'),
      },
    ] satisfies Row[],
    details: { paperscope: { seconds: r.seconds, peakRssMb: rssMb, k: themes.k }, bertopic: { seconds: b.seconds, peakRssMb: b.peak_rss_mb, topics: b.keywords.length } },
  };
}
