/**
 * Themes against arXiv's primary categories: paperscope's k-means themes, BERTopic with its defaults on
 * the same vectors, and scikit-learn KMeans at paperscope's k. Agreement (NMI, ARI, V-measure), papers
 * left as outliers, keyword coherence (NPMI) and diversity, time and peak memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PYTHON_DIR, runPython } from '../lib/python-venv.js';
import { arxivRun } from './arxiv.js';
import type { QualityContext } from './context.js';
import { signed, type Check, type SectionResult } from './table.js';

interface Agreement {
  nmi: number;
  ari: number;
  v_measure: number;
  outlier_share?: number;
  npmi?: number;
  diversity?: number;
  topics?: number;
  seconds?: number;
}

interface BertopicOutput {
  labels: number[];
  reduced_labels: number[];
  keywords: string[][];
  seconds: number;
  peak_rss_mb: number;
  version: string;
}

export async function qualityThemes(ctx: QualityContext): Promise<SectionResult> {
  const run = await arxivRun(ctx);
  const work = fs.mkdtempSync(path.join(ctx.tempDir, 'themes-'));
  const themeOf = new Map(run.themes.themes.map((t) => [t.id, t]));
  const labels = run.report.papers.map((p) => p.theme ?? -1);
  const meta = path.join(work, 'meta.json');
  fs.writeFileSync(meta, JSON.stringify({ n: run.papers, dims: run.dims, k: run.themes.k }));
  const script = path.join(PYTHON_DIR, 'quality_anchors.py');
  const common = ['--vectors', run.vectorsFile, '--meta', meta, '--docs', run.docsFile];
  const python = await ctx.python();

  let bertopic: BertopicOutput | undefined;
  if (!ctx.opts.skipBertopic) {
    ctx.progress(`themes: BERTopic (defaults, the same ${run.papers} vectors) in python/.venv`);
    const out = path.join(work, 'bertopic.json');
    await runPython(python, [script, 'bertopic', ...common, '--out', out], { env: { HF_HUB_OFFLINE: '1' } });
    bertopic = JSON.parse(fs.readFileSync(out, 'utf8')) as BertopicOutput;
  }

  ctx.progress('themes: scoring every labelling against the categories');
  const labellings: Record<string, { labels: number[]; keywords?: string[][] }> = {
    paperscope: { labels, keywords: [...themeOf.values()].sort((a, b) => a.id - b.id).map((t) => t.keywords.map((k) => k.term)) },
  };
  if (bertopic) {
    labellings.bertopic = { labels: bertopic.labels, keywords: bertopic.keywords };
    labellings['bertopic (outliers reduced)'] = { labels: bertopic.reduced_labels };
  }
  const labellingsFile = path.join(work, 'labellings.json');
  fs.writeFileSync(labellingsFile, JSON.stringify(labellings));
  const scoresFile = path.join(work, 'scores.json');
  await runPython(python, [script, 'themes-score', ...common, '--labellings', labellingsFile, '--out', scoresFile]);
  const scores = JSON.parse(fs.readFileSync(scoresFile, 'utf8')) as Record<string, Agreement>;

  const ours = scores.paperscope;
  const rows: (string | number)[][] = [
    ['paperscope themes', run.themes.k, ours.nmi, ours.ari, ours.v_measure, pct(ours.outlier_share), ours.npmi ?? '', ours.diversity ?? '', run.themesSeconds, run.themesPeakRssMb],
    ['scikit-learn KMeans, same k', run.themes.k, scores.kmeans.nmi, scores.kmeans.ari, scores.kmeans.v_measure, '0 %', '', '', scores.kmeans.seconds ?? '', ''],
  ];
  const checks: Check[] = [{ what: 'papers left out of every theme', value: pct(ours.outlier_share), target: '0 %', pass: ours.outlier_share === 0 }];
  if (bertopic) {
    const b = scores.bertopic;
    const reduced = scores['bertopic (outliers reduced)'];
    rows.push(['BERTopic defaults (anchor)', b.topics ?? '', b.nmi, b.ari, b.v_measure, pct(b.outlier_share), b.npmi ?? '', b.diversity ?? '', bertopic.seconds, bertopic.peak_rss_mb]);
    rows.push(['BERTopic, outliers reduced', b.topics ?? '', reduced.nmi, reduced.ari, reduced.v_measure, '0 %', '', '', '', '']);
    checks.push(
      { what: 'NMI against primary category vs BERTopic', value: `${ours.nmi.toFixed(3)} vs ${b.nmi.toFixed(3)} (${signed(ours.nmi - b.nmi)})`, target: '≥ BERTopic', pass: ours.nmi >= b.nmi },
      { what: 'time vs BERTopic', value: `${run.themesSeconds.toFixed(1)} s vs ${bertopic.seconds.toFixed(1)} s`, target: 'less', pass: run.themesSeconds < bertopic.seconds },
      { what: 'peak memory vs BERTopic', value: `${run.themesPeakRssMb.toFixed(0)} MB vs ${bertopic.peak_rss_mb.toFixed(0)} MB`, target: 'less', pass: run.themesPeakRssMb < bertopic.peak_rss_mb },
    );
  }
  return {
    title: `Themes: ${run.papers.toLocaleString('en-US')} arXiv papers against their primary category`,
    about:
      `${ARXIV_DESCRIPTION}; paperscope chose k = ${run.themes.k} (${run.themes.chosenBy}). paperscope's time and memory are the whole ` +
      '`themes --refresh` command; BERTopic\'s are its fit_transform on given embeddings and its whole process. NPMI: mean over ' +
      'pairs of each theme\'s top 10 keywords, document co-occurrence; diversity: unique share of the top 25 words of all themes.',
    columns: ['system', 'themes', 'NMI', 'ARI', 'V-measure', 'outliers', 'NPMI', 'diversity', 'seconds', 'peak MB'],
    rows,
    checks,
    details: { scores, k: run.themes.k, chosenBy: run.themes.chosenBy, kScores: run.themes.kScores, bertopicVersion: bertopic?.version, themes: run.themes.themes.map((t) => ({ id: t.id, label: t.label, size: t.size })) },
  };
}

export const ARXIV_DESCRIPTION = 'all-MiniLM-L6-v2 q8 (real weights); ../shared/data/arxiv (primary category = first listed)';

function pct(x: number | undefined): string {
  return x === undefined ? '' : `${(x * 100).toFixed(1)} %`;
}
