/** What every quality section needs: where the real models, the data, the caches and the Python venv are. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingModelFiles } from '../../src/embed/model-files.js';
import type { Dtype } from '../../src/embed/registry.js';
import { ensurePythonVenv } from '../lib/python-venv.js';

export interface QualityOptions {
  modelsDir: string;
  dataDir: string;
  /** Indexes of the real-weight runs, kept between runs so a second run embeds nothing. */
  cacheDir: string;
  /** Papers of the arXiv file the themes, neighbour and duplicate sections use (0 = all 35,000). */
  arxivPapers: number;
  skipBertopic: boolean;
}

export class QualityContext {
  readonly tempDir: string;
  private pythonPath?: Promise<string>;

  constructor(readonly opts: QualityOptions) {
    fs.mkdirSync(opts.cacheDir, { recursive: true });
    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperscope-quality-'));
  }

  get modelsDir(): string {
    return this.opts.modelsDir;
  }

  get cacheDir(): string {
    return this.opts.cacheDir;
  }

  get scifactDir(): string {
    return path.join(this.opts.dataDir, 'scifact-train');
  }

  get arxivFile(): string {
    return path.join(this.opts.dataDir, 'arxiv', 'arxiv-cs-abstracts-35k.jsonl.gz');
  }

  hasModel(id: string, dtype: Dtype): boolean {
    return missingModelFiles(this.opts.modelsDir, id, dtype).length === 0;
  }

  /** The venv is set up once, on first use, so sections without anchors never wait for it. */
  python(): Promise<string> {
    this.pythonPath ??= ensurePythonVenv((line) => this.progress(line));
    return this.pythonPath;
  }

  progress(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  cleanup(): void {
    fs.rmSync(this.tempDir, { recursive: true, force: true });
  }
}
