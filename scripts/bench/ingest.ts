/**
 * Section 2: what ingesting costs beyond embedding, and re-ingesting an unchanged 35k file (which must
 * not load the model at all).
 */
import { loadEmbedder } from '../../src/embed/embedder.js';
import { ingest, type IngestSummary } from '../../src/ingest/ingest.js';
import type { BenchContext } from './context.js';
import { CLI, MODEL_ID } from './paths.js';
import { below, type Row } from './report.js';
import { checkOk, lastJson, runNode } from './spawn.js';
import { median, progress } from './stats.js';

export interface IngestDetails {
  papers: number;
  embedAloneSeconds: number;
  ingestSeconds: number;
  embedInsideIngestSeconds: number;
  overheadPct: number;
  reingest: { papers: number; seconds: number[]; median: number; embedded: number; unchanged: number };
  syntheticBuild: { papers: number; seconds: number; storeSeconds: number; hnswSeconds: number };
}

export async function benchIngest(ctx: BenchContext): Promise<{ rows: Row[]; details: IngestDetails }> {
  const subset = await ctx.subset();
  const n = subset.texts.length;

  progress(`ingest: embedding alone, then ingest() end to end, on the same ${n} papers (q8)`);
  const embedder = await loadEmbedder({ model: MODEL_ID, dtype: 'q8', modelsDir: ctx.opts.modelsDir, offline: true });
  await embedder.embedDocuments([...subset.texts].sort((a, b) => b.length - a.length).slice(0, 32)); // warm-up
  let t0 = performance.now();
  await embedder.embedDocuments(subset.texts);
  const embedAloneSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const summary: IngestSummary = await ingest({ files: [subset.file], indexDir: ctx.dir('index-ingest'), loadEmbedder: async () => embedder });
  const ingestSeconds = (performance.now() - t0) / 1000;
  await embedder.dispose();
  if (summary.embedded !== n) throw new Error(`ingest embedded ${summary.embedded} papers, expected ${n}`);
  const overheadPct = ((ingestSeconds - embedAloneSeconds) / embedAloneSeconds) * 100;

  const big = await ctx.bigIndex();
  const runs = Math.min(3, ctx.sizes.commandRuns);
  progress(`ingest: re-ingest of the unchanged ${big.papers}-paper file with the CLI (${runs} runs)`);
  const seconds: number[] = [];
  let last: IngestSummary | undefined;
  for (let i = 0; i < runs; i++) {
    const r = checkOk(runNode([CLI, 'ingest', big.corpus, '--index', big.dir, '--json'], { env: ctx.cliEnv(), tmpDir: ctx.tmp }), 'paperscope ingest (re-ingest)');
    last = lastJson<IngestSummary>(r, 'paperscope ingest --json');
    if (last.embedded !== 0 || last.new !== 0) throw new Error(`re-ingest of an unchanged file embedded ${last.embedded} and added ${last.new} papers`);
    seconds.push(r.seconds);
  }
  const reingest = { papers: big.papers, seconds, median: median(seconds), embedded: last!.embedded, unchanged: last!.unchanged };
  const b = big.build;

  const details: IngestDetails = {
    papers: n,
    embedAloneSeconds,
    ingestSeconds,
    embedInsideIngestSeconds: summary.embedSeconds,
    overheadPct,
    reingest,
    syntheticBuild: { papers: b.papers, seconds: b.seconds, storeSeconds: b.storeSeconds, hnswSeconds: b.hnswSeconds },
  };
  const count = (x: number) => x.toLocaleString('en-US');
  const rows: Row[] = [
    {
      section: 'ingest',
      metric: `ingest end to end, ${count(n)} papers (q8)`,
      value: ingestSeconds,
      unit: 's',
      baseline: { label: 'embedding alone', value: embedAloneSeconds, unit: 's' },
      ratio: ingestSeconds / embedAloneSeconds,
      note: `ingest() with the model already loaded: parse + embed + store + HNSW; inside it, embedding took ${summary.embedSeconds.toFixed(1)} s (it embeds window by window, 256 papers, so batches are sorted within a window only)`,
    },
    {
      section: 'ingest',
      metric: 'ingest overhead over embedding',
      value: overheadPct,
      unit: '%',
      target: below(overheadPct, 10, '%'),
      note: `(ingest − embedding alone) ÷ embedding alone. Within the ingest run itself, the work besides embedding took ${(ingestSeconds - summary.embedSeconds).toFixed(2)} s = ${(((ingestSeconds - summary.embedSeconds) / summary.embedSeconds) * 100).toFixed(1)} % of its embedding time (immune to drift between the two runs)`,
    },
    {
      section: 'ingest',
      metric: `re-ingest unchanged ${count(big.papers)} papers (CLI)`,
      value: reingest.median,
      unit: 's',
      target: below(reingest.median, 10, 's'),
      note: `node dist/cli/main.js ingest <file> --index <index>, median of ${runs}; ${reingest.unchanged} unchanged, ${reingest.embedded} embedded, so the model was never loaded (ingest loads it only for texts to embed)`,
    },
    {
      section: 'ingest',
      metric: `first ingest ${count(b.papers)} papers, synthetic vectors`,
      value: b.seconds,
      unit: 's',
      note: `builds the index the later sections use, with a fake embedder (synthetic vectors, no model): parse + store ${b.storeSeconds.toFixed(1)} s, HNSW build + save ${b.hnswSeconds.toFixed(1)} s`,
    },
  ];
  return { rows, details };
}
