/** Before measuring: the CLI is built from the current sources, the data is there, the bench model exists. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { makeTestModel } from '../make-test-model.js';
import { MODEL_ID, PROJECT_ROOT } from './paths.js';
import { progress } from './stats.js';

/** Rebuilds dist/ when a source file is newer than its compiled JavaScript (or that is missing). */
export function ensureBuilt(): void {
  const stale = staleSources(join(PROJECT_ROOT, 'src'), join(PROJECT_ROOT, 'dist'));
  if (stale.length === 0) return;
  progress(`dist/ is stale (${stale.length} source file(s) newer, e.g. ${stale[0]}): building with tsc -p tsconfig.build.json`);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    // tsc still emits JavaScript on type errors; check that it did.
    const still = staleSources(join(PROJECT_ROOT, 'src'), join(PROJECT_ROOT, 'dist'));
    if (still.length > 0) throw new Error(`building dist/ failed: ${still[0]} has no up-to-date JavaScript`);
    progress('tsc reported type errors but emitted JavaScript; benchmarking what was emitted');
  }
}

function staleSources(srcDir: string, distDir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(srcDir, rel), { withFileTypes: true })) {
    const path = join(rel, entry.name);
    if (entry.isDirectory()) out.push(...staleSources(srcDir, distDir, path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const js = join(distDir, path.replace(/\.ts$/, '.js'));
      if (!existsSync(js) || statSync(js).mtimeMs < statSync(join(srcDir, path)).mtimeMs) out.push(path);
    }
  }
  return out;
}

/** The MiniLM-shaped model (real tokenizer, random weights, fp32 + q8), generated on first use. */
export async function ensureBenchModel(modelsDir: string): Promise<string> {
  const dir = join(modelsDir, ...MODEL_ID.split('/'));
  const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx'];
  if (files.every((f) => existsSync(join(dir, f)) && statSync(join(dir, f)).size > 0)) return dir;
  progress(`generating the MiniLM-shaped benchmark model into ${modelsDir} (random weights, real tokenizer)`);
  await makeTestModel({ size: 'minilm', outDir: modelsDir });
  return dir;
}

