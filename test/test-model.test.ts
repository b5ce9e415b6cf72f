/**
 * The generated test model must load and run through @huggingface/transformers exactly as the product
 * loads a real model: offline, from `<modelsDir>/<modelId>/`, for both dtypes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModel, AutoTokenizer, ModelFileNotFoundError, env, type Tensor } from '@huggingface/transformers';
import { DEFAULT_MODEL_IDS, makeTestModel } from '../scripts/make-test-model.js';

const ID = DEFAULT_MODEL_IDS.tiny;
const HIDDEN = 32;

type Model = Awaited<ReturnType<typeof AutoModel.from_pretrained>>;
type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
type Encoding = Record<string, Tensor>;

const TEXTS = [
  'Graph neural networks for molecular property prediction.',
  'We propose a transformer model that learns representations of scientific abstracts, and we evaluate it on ' +
    'retrieval benchmarks across many domains with strong results.',
  'Attention is all you need.',
];

let modelsDir: string;
let tokenizer: Tokenizer;
let fp32: Model;
let q8: Model;

beforeAll(async () => {
  modelsDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'paperscope-test-model-'));
  await makeTestModel({ size: 'tiny', outDir: modelsDir });

  // The product's offline recipe: files under <modelsDir>/<id>/, never the network.
  env.localModelPath = modelsDir;
  env.cacheDir = modelsDir;
  env.allowRemoteModels = false;
  tokenizer = await AutoTokenizer.from_pretrained(ID, { local_files_only: true });
  fp32 = await AutoModel.from_pretrained(ID, { dtype: 'fp32', local_files_only: true });
  q8 = await AutoModel.from_pretrained(ID, { dtype: 'q8', local_files_only: true });
});

afterAll(async () => {
  await fp32?.dispose();
  await q8?.dispose();
  if (modelsDir) await fs.promises.rm(modelsDir, { recursive: true, force: true });
});

function encode(texts: string[]): Encoding {
  return tokenizer(texts, { padding: true, truncation: true }) as unknown as Encoding;
}

async function run(model: Model, inputs: Encoding): Promise<Tensor> {
  const out = (await model(inputs)) as { last_hidden_state: Tensor };
  return out.last_hidden_state;
}

/** Mean of the token vectors of each row, over the tokens the attention mask keeps. */
function meanPool(hidden: Tensor, mask: Tensor): number[][] {
  const [batch, seq, dim] = hidden.dims;
  const h = hidden.data as Float32Array;
  const m = mask.data as BigInt64Array;
  const pooled: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Array<number>(dim).fill(0);
    let n = 0;
    for (let t = 0; t < seq; t++) {
      if (m[b * seq + t] === 0n) continue;
      n++;
      for (let d = 0; d < dim; d++) v[d] += h[(b * seq + t) * dim + d];
    }
    pooled.push(v.map((x) => x / n));
  }
  return pooled;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

function maxAbsDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i])));
}

describe('make-test-model (tiny)', () => {
  it('generates the transformers.js layout', async () => {
    const dir = path.join(modelsDir, ID);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt', 'onnx/model.onnx', 'onnx/model_quantized.onnx']) {
      expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    }
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: HIDDEN, num_hidden_layers: 2, num_attention_heads: 2, max_position_embeddings: 512 });
    const vocab = fs.readFileSync(path.join(dir, 'vocab.txt'), 'utf8').trimEnd().split('\n');
    expect(vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(config.vocab_size).toBe(vocab.length);
    expect(tokenizer.model_max_length).toBe(512);
  });

  it('is deterministic for a seed and changes with the seed', async () => {
    const again = await makeTestModel({ size: 'tiny', outDir: modelsDir, id: 'paperscope-test/again' });
    const other = await makeTestModel({ size: 'tiny', outDir: modelsDir, id: 'paperscope-test/other', seed: 7 });
    const bytes = (dir: string) => fs.readFileSync(path.join(dir, 'onnx/model_quantized.onnx'));
    expect(bytes(again).equals(bytes(path.join(modelsDir, ID)))).toBe(true);
    expect(bytes(other).equals(bytes(again))).toBe(false);
  });

  it('tokenizes scientific text into word pieces, not [UNK]', () => {
    const tokens = tokenizer.tokenize('Transformers for graph neural networks');
    expect(tokens).toEqual(['transformers', 'for', 'graph', 'neural', 'networks']);

    const ids = Array.from((encode(['Transformers for graph neural networks']).input_ids.data as BigInt64Array), Number);
    const unk = tokenizer.convert_tokens_to_ids('[UNK]');
    expect(ids[0]).toBe(tokenizer.convert_tokens_to_ids('[CLS]'));
    expect(ids[ids.length - 1]).toBe(tokenizer.convert_tokens_to_ids('[SEP]'));
    expect(ids.some((id) => id === unk)).toBe(false);

    // Typical abstract prose is mostly whole words; unknown words, numbers and symbols fall back to
    // characters rather than [UNK].
    const prose = tokenizer.tokenize(TEXTS[1]);
    expect(prose.filter((p) => p.startsWith('##')).length / prose.length).toBeLessThan(0.3);
    const odd = tokenizer.tokenize('LiDAR-based 3D reconstruction with α=0.5 (2025), naïve Bayes.');
    expect(odd).not.toContain('[UNK]');
    expect(odd).toContain('##d');
  });

  it('runs a padded batch (fp32): shape, finite, masking, distinct texts', async () => {
    const inputs = encode(TEXTS);
    const hidden = await run(fp32, inputs);
    const seq = inputs.input_ids.dims[1];
    expect(hidden.dims).toEqual([3, seq, HIDDEN]);
    expect((hidden.data as Float32Array).every(Number.isFinite)).toBe(true);

    const pooled = meanPool(hidden, inputs.attention_mask);
    for (const i of [0, 2]) {
      // Texts 0 and 2 are padded in the batch: alone (no padding) they must give the same vector.
      const alone = encode([TEXTS[i]]);
      expect(alone.input_ids.dims[1]).toBeLessThan(seq);
      const single = meanPool(await run(fp32, alone), alone.attention_mask)[0];
      expect(maxAbsDiff(pooled[i], single)).toBeLessThan(1e-4);
    }
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) {
      expect(maxAbsDiff(pooled[a], pooled[b])).toBeGreaterThan(1e-3);
      expect(cosine(pooled[a], pooled[b])).toBeLessThan(0.9999);
    }
  });

  it('q8 output is close to fp32', async () => {
    const inputs = encode(TEXTS);
    const hidden = await run(q8, inputs);
    expect(hidden.dims).toEqual([3, inputs.input_ids.dims[1], HIDDEN]);
    expect((hidden.data as Float32Array).every(Number.isFinite)).toBe(true);

    const pooledQ8 = meanPool(hidden, inputs.attention_mask);
    const pooledFp32 = meanPool(await run(fp32, inputs), inputs.attention_mask);
    for (let i = 0; i < TEXTS.length; i++) expect(cosine(pooledQ8[i], pooledFp32[i])).toBeGreaterThan(0.95);

    // Dynamic quantization computes its scales over the whole batch, padding included, so q8 vectors
    // depend slightly on the batch (as with the real quantized model); they stay very close.
    const alone = encode([TEXTS[2]]);
    const single = meanPool(await run(q8, alone), alone.attention_mask)[0];
    expect(cosine(pooledQ8[2], single)).toBeGreaterThan(0.99);
  });

  it('a missing dtype file fails with ModelFileNotFoundError naming the file', async () => {
    const id = 'paperscope-test/fp32-only';
    await makeTestModel({ size: 'tiny', outDir: modelsDir, id, variants: ['fp32'] });
    const load = AutoModel.from_pretrained(id, { dtype: 'q8', local_files_only: true });
    await expect(load).rejects.toBeInstanceOf(ModelFileNotFoundError);
    await expect(load).rejects.toThrow(/file was not found locally at ".*fp32-only\/onnx\/model_quantized\.onnx"/);
  });
});
