/**
 * The arXiv collection the themes, neighbour, duplicate and map sections judge: ingested with the real
 * q8 model through the CLI (kept in the cache, so a second run only checks it), its themes computed
 * afresh and its JSON report written, each timed as a user would wait for it, with its peak memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import type { ThemesOverview } from '../../src/api.js';
import { documentText } from '../../src/embed/text.js';
import type { ReportModel } from '../../src/report/model.js';
import { CLI } from '../bench/paths.js';
import { checkOk, lastJson, runNode } from '../bench/spawn.js';
import type { QualityContext } from './context.js';

export const ARXIV_MODEL = 'Xenova/all-MiniLM-L6-v2';
export const ARXIV_DTYPE = 'q8';

export interface ArxivRun {
  indexDir: string;
  papers: number;
  themes: ThemesOverview;
  themesSeconds: number;
  themesPeakRssMb: number;
  report: ReportModel;
  reportSeconds: number;
  /** Files for the Python anchors, in the report's paper order. */
  vectorsFile: string;
  docsFile: string;
  dims: number;
  /** Each report paper's primary arXiv category (its first). */
  categories: string[];
}

let cached: Promise<ArxivRun> | undefined;

export function arxivRun(ctx: QualityContext): Promise<ArxivRun> {
  cached ??= buildRun(ctx);
  return cached;
}


async function buildRun(ctx: QualityContext): Promise<ArxivRun> {
  const n = ctx.opts.arxivPapers;
  const indexDir = path.join(ctx.cacheDir, n > 0 ? `arxiv-${n}-minilm-q8` : 'arxiv-35k-minilm-q8');
  const input = n > 0 ? await sliceOf(ctx.arxivFile, n, path.join(ctx.tempDir, `arxiv-${n}.jsonl`)) : ctx.arxivFile;
  const env = { PAPERSCOPE_MODELS: ctx.modelsDir, PAPERSCOPE_OFFLINE: '1' };
  const run = (args: string[], what: string, maxRss = false) =>
    checkOk(runNode([CLI, ...args, '--index', indexDir], { env, tmpDir: ctx.tempDir, maxRss, inheritStderr: true }), what);

  ctx.progress(`arxiv: ingest ${n > 0 ? `the first ${n} papers` : 'all papers'} of ${path.basename(ctx.arxivFile)} with ${ARXIV_MODEL} ${ARXIV_DTYPE} into ${indexDir} (cached; the first run embeds for ~15 min)`);
  run(['ingest', input, '--model', ARXIV_MODEL, '--dtype', ARXIV_DTYPE], 'ingest');

  ctx.progress('arxiv: themes --refresh (timed, peak memory)');
  const themesRun = run(['themes', '--refresh', '--json'], 'themes --refresh', true);
  const themes = lastJson<ThemesOverview>(themesRun, 'themes');

  ctx.progress('arxiv: report --format json --neighbors 10 (timed)');
  const reportFile = path.join(ctx.tempDir, 'report.json');
  const reportRun = run(['report', '--format', 'json', '--neighbors', '10', '--out', reportFile], 'report');
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ReportModel;

  const { vectorsFile, docsFile, dims } = exportForAnchors(indexDir, report, ctx.tempDir);
  return {
    indexDir,
    papers: report.papers.length,
    themes,
    themesSeconds: themesRun.seconds,
    themesPeakRssMb: (themesRun.maxRss ?? 0) / 2 ** 20,
    report,
    reportSeconds: reportRun.seconds,
    vectorsFile,
    docsFile,
    dims,
    categories: report.papers.map((p) => p.categories[0] ?? 'none'),
  };
}

/** The first `n` lines of the gzipped file, as a plain JSON Lines file. */
async function sliceOf(file: string, n: number, out: string): Promise<string> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    lines.push(line);
    if (lines.length === n) break;
  }
  fs.writeFileSync(out, lines.join('\n') + '\n');
  return out;
}

/**
 * The stored vectors (raw float32, row i = report paper i) and the embedded texts with their category,
 * read straight from the index file: the anchors must see exactly the vectors paperscope clustered.
 */
function exportForAnchors(indexDir: string, report: ReportModel, tempDir: string) {
  const db = new Database(path.join(indexDir, 'paperscope.db'), { readonly: true, fileMustExist: true });
  try {
    const modelKey = `${report.meta.model.id}@${report.meta.model.dtype}`;
    const rows = db
      .prepare('SELECT p.id AS id, p.title AS title, p.abstract AS abstract, e.vector AS vector FROM papers p JOIN embeddings e ON e.model = ? AND e.content_hash = p.content_hash')
      .all(modelKey) as { id: string; title: string; abstract: string; vector: Buffer }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const dims = report.meta.model.dims;
    const matrix = new Float32Array(report.papers.length * dims);
    const docs: string[] = [];
    report.papers.forEach((p, i) => {
      const row = byId.get(p.id);
      if (!row) throw new Error(`paper ${p.id} of the report has no stored ${modelKey} vector`);
      matrix.set(new Float32Array(row.vector.buffer, row.vector.byteOffset, dims), i * dims);
      docs.push(JSON.stringify({ id: p.id, category: p.categories[0] ?? 'none', text: documentText(row.title, row.abstract) }));
    });
    const vectorsFile = path.join(tempDir, 'vectors.f32');
    const docsFile = path.join(tempDir, 'docs.jsonl');
    fs.writeFileSync(vectorsFile, new Uint8Array(matrix.buffer));
    fs.writeFileSync(docsFile, docs.join('\n') + '\n');
    return { vectorsFile, docsFile, dims };
  } finally {
    db.close();
  }
}
