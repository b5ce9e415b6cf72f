/** The map: how well the 2-d layout keeps each paper's neighbourhood (trustworthiness at 10 neighbours). */
import fs from 'node:fs';
import path from 'node:path';
import { PYTHON_DIR, runPython } from '../lib/python-venv.js';
import { arxivRun } from './arxiv.js';
import type { QualityContext } from './context.js';
import { ARXIV_DESCRIPTION } from './themes.js';
import { signed, type SectionResult } from './table.js';

export async function qualityMap(ctx: QualityContext): Promise<SectionResult> {
  const run = await arxivRun(ctx);
  const work = fs.mkdtempSync(path.join(ctx.tempDir, 'map-'));
  const layout = new Float32Array(run.papers * 2);
  run.report.papers.forEach((p, i) => layout.set([p.x, p.y], i * 2));
  const layoutFile = path.join(work, 'layout.f32');
  fs.writeFileSync(layoutFile, new Uint8Array(layout.buffer));
  const meta = path.join(work, 'meta.json');
  fs.writeFileSync(meta, JSON.stringify({ n: run.papers, dims: run.dims }));
  const out = path.join(work, 'map.json');
  ctx.progress(`map: umap-learn on the same ${run.papers} vectors and trustworthiness on a 5,000 sample, in python/.venv`);
  await runPython(await ctx.python(), [path.join(PYTHON_DIR, 'quality_anchors.py'), 'map', '--vectors', run.vectorsFile, '--layout', layoutFile, '--meta', meta, '--out', out]);
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as { sample: number; paperscope: number; umap_learn: number; umap_learn_seconds: number };
  const projection = run.report.meta.projection;
  return {
    title: 'Map: trustworthiness of the 2-d layout (10 neighbours, cosine)',
    about: `${ARXIV_DESCRIPTION}; ${run.papers.toLocaleString('en-US')} papers laid out, scored on a random sample of ${r.sample}. paperscope: ${projection.method} (${projection.reason}); umap-learn: n_neighbors 15, min_dist 0.1, cosine, on all papers.`,
    columns: ['layout', 'trustworthiness', 'seconds'],
    rows: [
      ['paperscope report map', r.paperscope, run.report.meta.timings.projectionSeconds ?? ''],
      ['umap-learn (anchor)', r.umap_learn, r.umap_learn_seconds],
    ],
    checks: [{ what: 'trustworthiness vs umap-learn', value: signed(r.paperscope - r.umap_learn), target: 'within 0.02', pass: r.paperscope >= r.umap_learn - 0.02 }],
    details: { ...r, projection },
  };
}
