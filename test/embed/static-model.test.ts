/**
 * Static (model2vec) models: a text's vector is the normalised mean of its tokens' rows in the model's
 * table, read from an F16 safetensors file, with model2vec's tokenisation (no special tokens, unknown
 * tokens dropped, at most max_length tokens). Checked on the tiny static model the test setup writes.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../../src/embed/embedder.js';
import { modelDir } from '../../src/embed/model-files.js';
import { readSafetensors } from '../../src/embed/safetensors.js';
import { isUserError } from '../../src/errors.js';
import { TINY_STATIC_DIMS, TINY_STATIC_MAX_LENGTH } from '../../scripts/model/static-model.js';
import { TEST_MODELS_DIR, TINY_STATIC_ID } from '../helpers/paths.js';

const dir = modelDir(TEST_MODELS_DIR, TINY_STATIC_ID);
const load = (modelsDir = TEST_MODELS_DIR) =>
  loadEmbedder({ model: TINY_STATIC_ID, dtype: 'q8', modelsDir, offline: true, hub: { endpoint: 'https://huggingface.co' } });
let embedder: Embedder;
let scratch: string;

beforeAll(async () => {
  embedder = await load();
  scratch = mkdtempSync(join(tmpdir(), 'paperscope-static-'));
});
afterAll(async () => {
  await embedder.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** The expected vector, from the table and the vocabulary directly: words that are whole tokens. */
function expectedVector(words: string[]): Float32Array {
  const vocab = (JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab;
  const table = readSafetensors(readFileSync(join(dir, 'model.safetensors')), 'tiny').get('embeddings')!.data;
  const v = new Float32Array(TINY_STATIC_DIMS);
  for (const word of words) {
    const id = vocab[word];
    expect(id, word).toBeDefined();
    for (let d = 0; d < v.length; d++) v[d] += table[id * v.length + d] / words.length;
  }
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const close = (a: Float32Array, b: Float32Array) => [...a].forEach((x, d) => expect(x).toBeCloseTo(b[d], 5));

describe('a static (model2vec) model', () => {
  it('embeds a text as the normalised mean of its tokens’ rows', async () => {
    expect(embedder.dims).toBe(TINY_STATIC_DIMS);
    const words = ['graph', 'neural', 'network'];
    close(await embedder.embedQuery('Graph neural network'), expectedVector(words));
    const [doc] = [await embedder.embedDocuments(['graph neural network'])];
    close(doc, expectedVector(words));
  });

  it('a word order does not change the vector, and other words do', async () => {
    const docs = await embedder.embedDocuments(['neural network graph', 'graph neural network', 'language model']);
    close(docs.subarray(0, TINY_STATIC_DIMS), docs.subarray(TINY_STATIC_DIMS, 2 * TINY_STATIC_DIMS));
    expect(docs.subarray(2 * TINY_STATIC_DIMS)).not.toEqual(docs.subarray(0, TINY_STATIC_DIMS));
  });

  it('reads only max_length tokens and counts the documents it cut', async () => {
    const before = embedder.truncatedDocuments;
    const head = Array.from({ length: TINY_STATIC_MAX_LENGTH }, () => 'graph');
    const docs = await embedder.embedDocuments([[...head, 'language', 'model'].join(' '), head.join(' ')]);
    close(docs.subarray(0, TINY_STATIC_DIMS), docs.subarray(TINY_STATIC_DIMS));
    expect(embedder.truncatedDocuments - before).toBe(1);
  });

  it('a damaged weights file is one clear error that says to re-download', async () => {
    const models = join(scratch, 'damaged');
    cpSync(dir, modelDir(models, TINY_STATIC_ID), { recursive: true });
    writeFileSync(join(modelDir(models, TINY_STATIC_ID), 'model.safetensors'), 'not a safetensors file at all');
    const err = await load(models).then(() => undefined, (e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/could not load model paperscope-test\/tiny-static/);
    expect((err as { hint?: string }).hint ?? '').toMatch(/delete that model folder/);
  });

  it('a missing file offline names it, as for ONNX models', async () => {
    const models = join(scratch, 'missing');
    cpSync(dir, modelDir(models, TINY_STATIC_ID), { recursive: true });
    rmSync(join(modelDir(models, TINY_STATIC_ID), 'model.safetensors'));
    await expect(load(models)).rejects.toThrow(/model\.safetensors/);
  });
});
