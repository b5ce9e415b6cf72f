/**
 * Retrieval on SciFact (BEIR layout, train claims): paperscope's three modes through the product (index,
 * HNSW, FTS5, fusion) for each model and dtype, truncation at 128 against 256 tokens, and beside them
 * bm25s and sentence-transformers' own exact retrieval with the same model, scored by the same metrics.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { evaluate, openIndex } from '../../src/api.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import { documentText } from '../../src/embed/text.js';
import type { Dtype } from '../../src/embed/registry.js';
import { corpusItems, readBeir, type BeirCollection } from '../../src/eval/beir.js';
import { mean, ndcgAt, recallAt, reciprocalRankAt } from '../../src/eval/metrics.js';
import { exactTopK } from '../../src/vectors/exact.js';
import { FUSION_DEPTH } from '../../src/search/search.js';
import { fuseScores, type Scored } from '../../src/search/fusion.js';
import type { Paper } from '../../src/corpus/paper.js';
import { runPython, PYTHON_DIR } from '../lib/python-venv.js';
import { STATIC_DEV_MODEL } from '../static-model.js';
import type { QualityContext } from './context.js';
import { signed, type Check, type SectionResult } from './table.js';

interface Scores {
  ndcg10: number;
  recall100: number;
  mrr10: number;
}

interface SystemRow extends Scores {
  system: string;
  seconds?: number;
}

const MINILM = 'Xenova/all-MiniLM-L6-v2';
const BGE = 'Xenova/bge-small-en-v1.5';
/** npm run static-model: model2vec's distillation of the real all-MiniLM-L6-v2 (the fast mode). */
const STATIC = STATIC_DEV_MODEL;

export async function qualityRetrieval(ctx: QualityContext): Promise<SectionResult> {
  const dir = ctx.scifactDir;
  const collection = await readBeir(dir, 'train');
  const judged = [...collection.qrels.keys()].filter((q) => collection.queries.has(q));
  const docs = await readDocs(dir);
  const rows: SystemRow[] = [];
  const product = new Map<string, Scores>();

  const configs: { model: string; dtype: Dtype }[] = [
    { model: MINILM, dtype: 'q8' },
    { model: MINILM, dtype: 'fp32' },
  ];
  if (ctx.hasModel(BGE, 'q8')) configs.push({ model: BGE, dtype: 'q8' });
  if (ctx.hasModel(STATIC, 'q8')) configs.push({ model: STATIC, dtype: 'q8' });
  else ctx.progress(`retrieval: no ${STATIC} in ${ctx.modelsDir} (npm run static-model makes it): the fast-mode rows are left out`);
  for (const { model, dtype } of configs) {
    const short = `${model.split('/')[1]} ${dtype}`;
    ctx.progress(`retrieval: paperscope ${short} (index cached in ${ctx.cacheDir})`);
    const indexDir = path.join(ctx.cacheDir, `scifact-${slug(model)}-${dtype}`);
    const t0 = performance.now();
    const modes = model === MINILM ? (['lexical', 'dense', 'hybrid'] as const) : (['dense', 'hybrid'] as const);
    // The library's own evaluation: every BEIR _id its own document, the index built (or checked) then searched.
    const evaluated = await evaluate({ beir: dir, split: 'train', dir: indexDir, model, dtype, modes: [...modes], modelsDir: ctx.modelsDir, offline: true });
    ctx.progress(`  ${evaluated.documents} documents, ${((performance.now() - t0) / 1000).toFixed(0)} s to build or check the index and score`);
    for (const s of evaluated.scores) {
      if (s.mode === 'lexical' && dtype !== 'q8') continue; // lexical does not depend on the model
      const system = s.mode === 'lexical' ? 'paperscope lexical (FTS5 BM25)' : `paperscope ${s.mode}, ${model === STATIC ? 'static all-MiniLM-L6-v2 (model2vec, fast mode)' : short}`;
      rows.push({ system, ndcg10: s.ndcg10, recall100: s.recall100, mrr10: s.mrr10, seconds: s.seconds });
      product.set(`${s.mode} ${model} ${dtype}`, s);
    }
    if (model === MINILM && dtype === 'q8') {
      const index = openIndex({ dir: indexDir, modelsDir: ctx.modelsDir, offline: true });
      try {
        rows.push(...(await truncationRows(ctx, index, collection, judged, docs)));
      } finally {
        await index.close();
      }
    }
  }

  ctx.progress('retrieval: anchors (bm25s, sentence-transformers exact dense) in python/.venv');
  const anchors = await runAnchors(ctx, collection, judged, docs);
  for (const [system, ranking] of Object.entries(anchors.rankings)) {
    rows.push({ system: system === 'bm25s' ? 'bm25s (anchor)' : 'sentence-transformers exact dense, all-MiniLM-L6-v2 fp32 (anchor)', ...score(ranking, collection, judged), seconds: anchors.seconds[system] });
  }

  const get = (key: string) => product.get(key)!;
  const st = score(anchors.rankings['sentence-transformers'], collection, judged);
  const bm25s = score(anchors.rankings.bm25s, collection, judged);
  const hybrid = get(`hybrid ${MINILM} q8`);
  const checks: Check[] = [
    { what: 'hybrid q8 beats lexical', value: `${hybrid.ndcg10.toFixed(3)} vs ${get(`lexical ${MINILM} q8`).ndcg10.toFixed(3)}`, target: 'higher nDCG@10', pass: hybrid.ndcg10 > get(`lexical ${MINILM} q8`).ndcg10 },
    { what: 'hybrid q8 beats dense q8', value: `${hybrid.ndcg10.toFixed(3)} vs ${get(`dense ${MINILM} q8`).ndcg10.toFixed(3)}`, target: 'higher nDCG@10', pass: hybrid.ndcg10 > get(`dense ${MINILM} q8`).ndcg10 },
    { what: 'hybrid q8 beside bm25s', value: signed(hybrid.ndcg10 - bm25s.ndcg10), target: '≥ 0', pass: hybrid.ndcg10 >= bm25s.ndcg10 },
    withinOf('dense fp32 vs sentence-transformers', get(`dense ${MINILM} fp32`).ndcg10, st.ndcg10, 0.005),
    withinOf('dense q8 vs sentence-transformers', get(`dense ${MINILM} q8`).ndcg10, st.ndcg10, 0.015),
  ];
  const t128 = rows.find((r) => r.system.startsWith('exact dense, 128'));
  const t256 = rows.find((r) => r.system.startsWith('exact dense, 256'));
  if (t128 && t256) {
    checks.push({ what: 'truncation at 128 tokens (dense q8, exact)', value: `${signed(t128.ndcg10 - t256.ndcg10)} nDCG@10`, target: 'loss < 0.005 to make it the default', pass: t256.ndcg10 - t128.ndcg10 < 0.005 });
  }
  return {
    title: 'Retrieval: SciFact train (5,183 abstracts, 809 claims, 919 judgements)',
    about: `../shared/data/scifact-train, --split train; ${judged.length} judged queries; real weights from ${ctx.modelsDir}. Seconds: all queries of that mode.`,
    columns: ['system', 'nDCG@10', 'Recall@100', 'MRR@10', 'seconds'],
    rows: rows.map((r) => [r.system, r.ndcg10, r.recall100, r.mrr10, r.seconds === undefined ? '' : r.seconds]),
    checks,
    details: { rows, anchorVersions: anchors.versions },
  };
}

function withinOf(what: string, ours: number, theirs: number, tolerance: number): Check {
  return { what, value: `${signed(ours - theirs)} nDCG@10`, target: `within ${tolerance}`, pass: Math.abs(ours - theirs) <= tolerance };
}

function slug(model: string): string {
  return model.split('/')[1].toLowerCase();
}

interface Doc {
  id: string;
  text: string;
}

/** The corpus as the text paperscope embeds (documentText), so every dense system reads the same strings. */
async function readDocs(dir: string): Promise<Doc[]> {
  const docs: Doc[] = [];
  for await (const item of corpusItems(dir)) {
    if (item.kind !== 'paper') continue;
    const p: Paper = item.paper;
    docs.push({ id: p.id!, text: documentText(p.title, p.abstract) });
  }
  return docs;
}

function score(ranking: Record<string, string[]> | Map<string, string[]>, collection: BeirCollection, judged: string[]): Scores {
  const get = (q: string) => (ranking instanceof Map ? ranking.get(q) : ranking[q]) ?? [];
  return {
    ndcg10: mean(judged.map((q) => ndcgAt(get(q), collection.qrels.get(q)!, 10))),
    recall100: mean(judged.map((q) => recallAt(get(q), collection.qrels.get(q)!, 100))),
    mrr10: mean(judged.map((q) => reciprocalRankAt(get(q), collection.qrels.get(q)!, 10))),
  };
}

/**
 * What truncating abstracts at 128 instead of 256 tokens costs: the same q8 model, exact cosine ranking
 * (HNSW is exact at this size), and hybrid as the product fuses it, with the product's own lexical list.
 */
async function truncationRows(
  ctx: QualityContext,
  index: ReturnType<typeof openIndex>,
  collection: BeirCollection,
  judged: string[],
  docs: Doc[],
): Promise<SystemRow[]> {
  const labels = new Map(docs.map((d, i) => [d.id, i]));
  const lexical = new Map<string, Scored[]>();
  for (const q of judged) {
    const { hits } = await index.search(collection.queries.get(q)!, { k: FUSION_DEPTH, mode: 'lexical' });
    lexical.set(q, hits.map((h) => ({ label: labels.get(h.id)!, score: h.score })));
  }
  const rows: SystemRow[] = [];
  for (const maxTokens of [256, 128]) {
    ctx.progress(`retrieval: q8 truncated at ${maxTokens} tokens (exact dense)`);
    const embedder = await loadEmbedder({ model: MINILM, dtype: 'q8', modelsDir: ctx.modelsDir, offline: true, maxTokens });
    try {
      const { matrix, embedSeconds } = await cachedEmbeddings(ctx, `scifact-exact-q8-${maxTokens}`, docs, (texts) => embedder.embedDocuments(texts));
      const rowLabels = Int32Array.from(docs.keys());
      const dense = new Map<string, string[]>();
      const hybrid = new Map<string, string[]>();
      for (const q of judged) {
        const top = exactTopK(await embedder.embedQuery(collection.queries.get(q)!), matrix, rowLabels, FUSION_DEPTH);
        dense.set(q, top.map((n) => docs[n.label].id));
        const fused = fuseScores(top, lexical.get(q)!);
        hybrid.set(q, fused.map((f) => docs[f.label].id));
      }
      rows.push({ system: `exact dense, ${maxTokens} tokens, q8`, ...score(dense, collection, judged), seconds: embedSeconds });
      rows.push({ system: `hybrid, ${maxTokens} tokens, q8`, ...score(hybrid, collection, judged) });
      ctx.progress(`  ${docs.length} documents at ${maxTokens} tokens: embedded in ${embedSeconds.toFixed(0)} s (${(docs.length / embedSeconds).toFixed(1)} docs/s)`);
    } finally {
      await embedder.dispose();
    }
  }
  return rows;
}

/**
 * Vectors of a fixed corpus, kept in the cache with the time they took: the truncation rows then cost
 * nothing on a second run (the first one's time is reported again, and says so in the JSON).
 */
async function cachedEmbeddings(ctx: QualityContext, name: string, docs: Doc[], embed: (texts: string[]) => Promise<Float32Array>) {
  const file = path.join(ctx.cacheDir, `${name}.f32`);
  const timeFile = `${file}.seconds`;
  const hash = createHash('sha256').update(docs.map((d) => d.text).join('\u0000')).digest('hex');
  const hashFile = `${file}.sha256`;
  if (fs.existsSync(file) && fs.existsSync(timeFile) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === hash) {
    const bytes = fs.readFileSync(file);
    return { matrix: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), embedSeconds: Number(fs.readFileSync(timeFile, 'utf8')) };
  }
  const t0 = performance.now();
  const matrix = await embed(docs.map((d) => d.text));
  const embedSeconds = (performance.now() - t0) / 1000;
  fs.writeFileSync(file, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
  fs.writeFileSync(timeFile, String(embedSeconds));
  fs.writeFileSync(hashFile, hash);
  return { matrix, embedSeconds };
}

interface AnchorOutput {
  rankings: Record<string, Record<string, string[]>>;
  seconds: Record<string, number>;
  versions: Record<string, string>;
}

async function runAnchors(ctx: QualityContext, collection: BeirCollection, judged: string[], docs: Doc[]): Promise<AnchorOutput> {
  const work = fs.mkdtempSync(path.join(ctx.tempDir, 'retrieval-'));
  const docsFile = path.join(work, 'docs.jsonl');
  const queriesFile = path.join(work, 'queries.jsonl');
  const outFile = path.join(work, 'rankings.json');
  fs.writeFileSync(docsFile, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  fs.writeFileSync(queriesFile, judged.map((id) => JSON.stringify({ id, text: collection.queries.get(id) })).join('\n') + '\n');
  await runPython(await ctx.python(), [path.join(PYTHON_DIR, 'quality_anchors.py'), 'retrieval', '--docs', docsFile, '--queries', queriesFile, '--out', outFile], {
    env: { HF_HUB_OFFLINE: '1' },
  });
  return JSON.parse(fs.readFileSync(outFile, 'utf8')) as AnchorOutput;
}
