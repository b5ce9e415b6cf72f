/**
 * What several sections share, made once on first use: the 2,000-paper subset, the big corpus, the big
 * index built with synthetic vectors. Everything lives in one temporary folder, removed at the end.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Paper } from '../../src/corpus/paper.js';
import type { IngestSummary } from '../../src/app/ingest.js';
import type { ChildIngestResult } from './child-ingest.js';
import { ARXIV_35K, embeddingTexts, headLines, parsePapers, writeJsonlGz } from './data.js';
import type { MachineInfo } from './machine.js';
import type { BenchOptions } from './options.js';
import { CLI, PROJECT_ROOT } from './paths.js';
import { checkOk, lastJson, runNode } from './spawn.js';
import { progress } from './stats.js';
import { readSources, writeSynthetic } from './synthetic-papers.js';

export interface Subset {
  file: string;
  papers: Paper[];
  /** documentText(title, abstract) of each paper: what ingest embeds. */
  texts: string[];
}

export interface CliIngest {
  summary: IngestSummary;
  /** Process start to exit. */
  wallSeconds: number;
  maxRss: number;
}

export interface BigIndex {
  dir: string;
  corpus: string;
  papers: number;
  build: ChildIngestResult;
}

export class BenchContext {
  readonly tmp: string;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly opts: BenchOptions,
    readonly machine: MachineInfo,
  ) {
    this.tmp = mkdtempSync(join(tmpdir(), 'paperscope-bench-'));
  }

  get sizes() {
    return this.opts.sizes;
  }

  /** Environment for the CLI: the bench model folder, never the network. */
  cliEnv(): NodeJS.ProcessEnv {
    return { PAPERSCOPE_MODELS: this.opts.modelsDir, PAPERSCOPE_OFFLINE: '1', PAPERSCOPE_INDEX: undefined };
  }

  /** A fresh empty directory under the temp folder. */
  dir(name: string): string {
    const d = join(this.tmp, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** The first `embedDocs` papers of the 35k file, as a .jsonl.gz of their own and as parsed texts. */
  subset(): Promise<Subset> {
    return this.once('subset', async () => {
      const n = this.sizes.embedDocs;
      const file = join(this.tmp, `arxiv-${n}.jsonl.gz`);
      await writeJsonlGz(file, await headLines(ARXIV_35K, n));
      const papers = await parsePapers(file);
      return { file, papers, texts: embeddingTexts(papers) };
    });
  }

  /** The corpus of the big index: the whole 35k file (read in place), or its head in quick mode. */
  corpus(): Promise<{ file: string; papers: number }> {
    return this.once('corpus', async () => {
      const n = this.sizes.corpusPapers;
      if (n === 0) return { file: ARXIV_35K, papers: 35_000 };
      const file = join(this.tmp, `arxiv-${n}.jsonl.gz`);
      await writeJsonlGz(file, await headLines(ARXIV_35K, n));
      return { file, papers: n };
    });
  }

  /**
   * The big index, built by ingest() with synthetic vectors in a child process (so its peak RSS is the
   * store side's alone): real papers, parsed and stored as usual, HNSW over 384-d synthetic vectors.
   */
  bigIndex(): Promise<BigIndex> {
    return this.once('bigIndex', async () => {
      const corpus = await this.corpus();
      const dir = this.dir('index-big');
      progress(`building the big index: ingest of ${corpus.papers.toLocaleString('en-US')} papers with synthetic vectors (child process)`);
      const r = checkOk(
        runNode(['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'bench', 'child-ingest.ts'), corpus.file, dir], { tmpDir: this.tmp, inheritStderr: true }),
        'the synthetic-vector ingest',
      );
      const build = lastJson<ChildIngestResult>(r, 'the synthetic-vector ingest');
      progress(`big index: ${build.papers} papers in ${build.seconds.toFixed(1)} s`);
      return { dir, corpus: corpus.file, papers: build.papers, build };
    });
  }

  /** A local index of `n` synthetic papers (synthetic-papers.ts), built as the big index is: synthetic vectors, in a child process. */
  syntheticPapersIndex(n: number): Promise<BigIndex> {
    return this.once(`synthetic-${n}`, async () => {
      const corpus = join(this.tmp, `synthetic-${n}.jsonl`);
      progress(`writing ${n.toLocaleString('en-US')} synthetic papers (sentences of the 35k abstracts recombined)`);
      await writeSynthetic(await readSources(), n, corpus);
      const dir = this.dir(`index-synthetic-${n}`);
      progress(`building a local index of them with synthetic vectors (child process)`);
      const r = checkOk(
        runNode(['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'bench', 'child-ingest.ts'), corpus, dir], { tmpDir: this.tmp, inheritStderr: true }),
        'the synthetic-paper ingest',
      );
      const build = lastJson<ChildIngestResult>(r, 'the synthetic-paper ingest');
      return { dir, corpus, papers: build.papers, build };
    });
  }

  /**
   * `paperscope ingest` of the subset into a new index with the real-shaped model (q8), run once as a
   * user would, under peak-RSS measurement: the ingest section times it, the memory section reads its RSS.
   */
  cliIngestSubset(): Promise<CliIngest> {
    return this.once('cliIngestSubset', async () => {
      const subset = await this.subset();
      progress(`paperscope ingest of ${subset.texts.length} papers with the MiniLM-shaped model (q8), as a user runs it`);
      const r = checkOk(
        runNode([CLI, 'ingest', subset.file, '--index', this.dir('index-cli-ingest'), '--json'], { env: this.cliEnv(), tmpDir: this.tmp, maxRss: true }),
        'paperscope ingest',
      );
      if (r.maxRss === undefined) throw new Error('no peak RSS for paperscope ingest');
      return { summary: lastJson<IngestSummary>(r, 'paperscope ingest --json'), wallSeconds: r.seconds, maxRss: r.maxRss };
    });
  }

  /** Runs `make` once per key; later calls share its promise. */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.memo.set(key, p);
    }
    return p;
  }

  cleanup(): void {
    if (this.opts.keepTemp) progress(`kept the temporary folder ${this.tmp}`);
    else rmSync(this.tmp, { recursive: true, force: true });
  }
}
