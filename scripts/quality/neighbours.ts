/**
 * "More like this" and near-duplicates on the arXiv collection. Neighbours: the share of each paper's 10
 * nearest (from paperscope's JSON report, HNSW) that share its primary category, beside exact search on
 * the same vectors, TF-IDF neighbours (arxiv-sanity-lite's features) and chance. Duplicates: the pairs the
 * report flags at its threshold, and a sample of them to read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PYTHON_DIR, runPython } from '../lib/python-venv.js';
import { arxivRun } from './arxiv.js';
import type { QualityContext } from './context.js';
import { ARXIV_DESCRIPTION } from './themes.js';
import type { Check, SectionResult } from './table.js';

interface NeighbourAnchors {
  exact_dense: number;
  exact_dense_seconds: number;
  tfidf: number;
  tfidf_seconds: number;
  chance: number;
}

export async function qualityNeighbours(ctx: QualityContext): Promise<SectionResult> {
  const run = await arxivRun(ctx);
  const papers = run.report.papers;
  const k = run.report.meta.neighbors.k;
  let same = 0;
  let total = 0;
  papers.forEach((p, i) => {
    for (const n of p.neighbors.slice(0, 10)) {
      total++;
      if (run.categories[n.index] === run.categories[i]) same++;
    }
  });
  const ours = same / total;
  const work = fs.mkdtempSync(path.join(ctx.tempDir, 'neighbours-'));
  const meta = path.join(work, 'meta.json');
  const out = path.join(work, 'neighbours.json');
  fs.writeFileSync(meta, JSON.stringify({ n: run.papers, dims: run.dims }));
  ctx.progress('neighbours: exact and TF-IDF neighbours in python/.venv');
  await runPython(await ctx.python(), [path.join(PYTHON_DIR, 'quality_anchors.py'), 'neighbours', '--vectors', run.vectorsFile, '--meta', meta, '--docs', run.docsFile, '--out', out]);
  const a = JSON.parse(fs.readFileSync(out, 'utf8')) as NeighbourAnchors;
  const checks: Check[] = [
    { what: 'HNSW neighbours vs exact on the same vectors', value: `${pctText(ours)} vs ${pctText(a.exact_dense)}`, target: 'within 0.5 points', pass: Math.abs(ours - a.exact_dense) <= 0.005 },
    { what: 'paperscope vs TF-IDF neighbours (arxiv-sanity-lite features)', value: `${pctText(ours)} vs ${pctText(a.tfidf)}`, target: 'higher', pass: ours > a.tfidf },
  ];
  return {
    title: `Similar: share of the 10 nearest neighbours in the paper's primary category (${run.papers.toLocaleString('en-US')} papers)`,
    about: `${ARXIV_DESCRIPTION}; paperscope's neighbours are the JSON report's (k = ${k}, ${run.report.meta.neighbors.method}).`,
    columns: ['system', 'same category', 'seconds'],
    rows: [
      ['paperscope (report neighbours, HNSW)', pctText(ours), run.reportSeconds],
      ['exact cosine, same vectors', pctText(a.exact_dense), a.exact_dense_seconds],
      ['TF-IDF cosine (anchor)', pctText(a.tfidf), a.tfidf_seconds],
      ['chance (category shares squared)', pctText(a.chance), ''],
    ],
    checks,
    details: { paperscope: ours, anchors: a },
  };
}

export async function qualityDuplicates(ctx: QualityContext): Promise<SectionResult> {
  const run = await arxivRun(ctx);
  const { papers, duplicates, meta } = run.report;
  // Every 1/20th of the list, so the sample spans the most similar pairs and those near the threshold.
  const step = Math.max(1, Math.floor(duplicates.length / 20));
  const sample = duplicates.filter((_, i) => i % step === 0).slice(0, 20);
  const rows = sample.map((d) => [
    d.similarity.toFixed(4),
    `${papers[d.a].id} ${clip(papers[d.a].title)}`,
    `${papers[d.b].id} ${clip(papers[d.b].title)}`,
  ]);
  return {
    title: `Duplicates: pairs at cosine ≥ ${meta.duplicates.threshold} (${run.papers.toLocaleString('en-US')} papers)`,
    about: `${ARXIV_DESCRIPTION}; ${meta.counts.duplicatePairs} pairs flagged; ${sample.length} of them, spread over the list from the most similar down:`,
    columns: ['cosine', 'paper a', 'paper b'],
    rows,
    checks: [],
    details: { threshold: meta.duplicates.threshold, pairs: meta.counts.duplicatePairs, sample: sample.map((d) => ({ similarity: d.similarity, a: papers[d.a], b: papers[d.b] })) },
  };
}

function clip(title: string): string {
  return title.length > 70 ? `${title.slice(0, 67)}...` : title;
}

export function pctText(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
