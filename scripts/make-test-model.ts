/**
 * make-test-model: a BERT sentence-embedding model with random weights, in the exact on-disk layout that
 * transformers.js loads offline:
 *
 *   <outDir>/<modelId>/config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json, vocab.txt
 *   <outDir>/<modelId>/onnx/model.onnx            (fp32,  dtype 'fp32')
 *   <outDir>/<modelId>/onnx/model_quantized.onnx  (int8,  dtype 'q8')
 *
 * Sizes:
 *   tiny    hidden 32, 2 layers, 2 heads, FFN 64, with its own small WordPiece vocabulary. For tests.
 *   minilm  the shapes of sentence-transformers/all-MiniLM-L6-v2 (read from the real config.json) and its
 *           real tokenizer files, copied unchanged. The weights are random, so its speed equals the real
 *           model's while its embeddings mean nothing. For benchmarks.
 *
 * The graph and its quantisation are the ones real weights go through (scripts/model/), so the benchmark
 * model runs exactly like `npm run real-models`' files. A random BERT with mean pooling behaves like a bag
 * of tokens: never judge what paperscope finds with it.
 *
 * CLI:
 *   tsx scripts/make-test-model.ts --size tiny|minilm --out <modelsDir>
 *       [--id <modelId>] [--tokenizer <dir>] [--seed N] [--variants fp32,q8]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from './lib/rng.js';
import { isMainModule, runMain, UsageError } from './lib/cli.js';
import { initWeights } from './model/random-weights.js';
import { copyRealTokenizer, readRealModelShape, writeTinyTokenizer } from './model/tokenizer-files.js';
import { MODEL_VARIANTS, modelDirOf, ONNX_FILE, writeBertOnnxFiles, type ModelVariant } from './model/write-model.js';

export type TestModelSize = 'tiny' | 'minilm';
export type TestModelVariant = ModelVariant;

export interface MakeTestModelOptions {
  size: TestModelSize;
  /** The models directory: the model is written to `<outDir>/<id>/`. */
  outDir: string;
  /** Model id, e.g. `paperscope-test/tiny-bert` (default depends on the size). */
  id?: string;
  /** minilm only: directory with the real tokenizer and config files. */
  tokenizerDir?: string;
  /** Seed of the random weights (default 42). Same seed, same files. */
  seed?: number;
  /** Which ONNX files to write (default both). */
  variants?: TestModelVariant[];
}

export const DEFAULT_MODEL_IDS: Readonly<Record<TestModelSize, string>> = {
  tiny: 'paperscope-test/tiny-bert',
  minilm: 'Xenova/all-MiniLM-L6-v2',
};

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TOKENIZER_DIR = path.resolve(PROJECT_ROOT, '../shared/data/minilm-tokenizer');

const DEFAULT_SEED = 42;

/** Generates the model and returns its directory `<outDir>/<id>`. */
export async function makeTestModel(opts: MakeTestModelOptions): Promise<string> {
  const { size } = opts;
  if (size !== 'tiny' && size !== 'minilm') throw new Error(`Unknown size "${String(size)}" (expected tiny or minilm)`);
  const id = opts.id ?? DEFAULT_MODEL_IDS[size];
  const modelDir = modelDirOf(opts.outDir, id);
  const variants = opts.variants ?? [...MODEL_VARIANTS];
  if (variants.length === 0 || variants.some((v) => !MODEL_VARIANTS.includes(v))) {
    throw new Error(`Invalid variants "${variants.join(',')}" (expected a non-empty subset of fp32,q8)`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`Invalid seed ${seed} (expected an integer)`);

  const tokenizerDir = opts.tokenizerDir ?? DEFAULT_TOKENIZER_DIR;
  const realShape = size === 'minilm' ? await readRealModelShape(tokenizerDir) : undefined; // fail before writing

  await fs.promises.mkdir(path.join(modelDir, 'onnx'), { recursive: true });
  const shape = realShape ? await copyRealTokenizer(tokenizerDir, modelDir, realShape) : await writeTinyTokenizer(modelDir, id);
  await writeBertOnnxFiles({
    modelDir,
    shape,
    weights: initWeights(shape, new Rng(seed)),
    variants,
    producerName: 'paperscope make-test-model',
    docString: (variant) => `paperscope test model (${variant}): BERT with random weights, not a trained model.`,
  });
  return modelDir;
}

// ---------------------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------------------

const USAGE = `Usage: tsx scripts/make-test-model.ts --size tiny|minilm --out <modelsDir>
         [--id <modelId>] [--tokenizer <dir>] [--seed N] [--variants fp32,q8]

Writes <modelsDir>/<modelId>/ in the transformers.js layout (config, tokenizer files, onnx/model.onnx,
onnx/model_quantized.onnx) with random weights.
  --size       tiny (hidden 32, 2 layers, own vocabulary; default id ${DEFAULT_MODEL_IDS.tiny})
               minilm (all-MiniLM-L6-v2 shapes and real tokenizer; default id ${DEFAULT_MODEL_IDS.minilm})
  --tokenizer  minilm only; default ${path.relative(process.cwd(), DEFAULT_TOKENIZER_DIR) || DEFAULT_TOKENIZER_DIR}
  --seed       weight seed (default ${DEFAULT_SEED})
  --variants   which ONNX files to write (default fp32,q8)`;

function optionsFromArgs(argv: string[]): MakeTestModelOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      size: { type: 'string' },
      out: { type: 'string' },
      id: { type: 'string' },
      tokenizer: { type: 'string' },
      seed: { type: 'string' },
      variants: { type: 'string' },
    },
  });
  const size = values.size;
  if (size !== 'tiny' && size !== 'minilm') throw new UsageError('--size must be tiny or minilm');
  if (!values.out) throw new UsageError('--out <modelsDir> is required');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const variants = values.variants?.split(',').map((v) => v.trim());
  if (variants && (variants.length === 0 || variants.some((v) => !(MODEL_VARIANTS as readonly string[]).includes(v)))) {
    throw new UsageError(`--variants must be a comma-separated subset of fp32,q8, got "${values.variants}"`);
  }
  return {
    size,
    outDir: path.resolve(values.out),
    id: values.id,
    tokenizerDir: values.tokenizer === undefined ? undefined : path.resolve(values.tokenizer),
    seed,
    variants: variants as TestModelVariant[] | undefined,
  };
}

async function main(argv: string[]): Promise<void> {
  const opts = optionsFromArgs(argv);
  const start = performance.now();
  const dir = await makeTestModel(opts);
  console.log(`Wrote ${dir} in ${((performance.now() - start) / 1000).toFixed(2)} s`);
  for (const file of ['config.json', 'tokenizer.json', 'vocab.txt', ...Object.values(ONNX_FILE).map((f) => `onnx/${f}`)]) {
    const full = path.join(dir, file);
    if (fs.existsSync(full)) console.log(`  ${file.padEnd(26)} ${fs.statSync(full).size.toLocaleString('en-US').padStart(12)} bytes`);
  }
}

if (isMainModule(import.meta.url)) runMain('make-test-model', USAGE, main);
