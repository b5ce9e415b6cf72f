/**
 * Loading models through transformers.js: each load uses its own model folder whatever transformers.js'
 * global settings say (and puts back what it changes), and only damaged files are the user's to fix.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type EmbedderOptions } from '../../src/embed/embedder.js';
import { modelDir } from '../../src/embed/model-files.js';
import { isUserError } from '../../src/errors.js';
import { makeTestModel } from '../../scripts/make-test-model.js';
import { TEST_MODELS_DIR, TINY_MODEL_ID } from '../helpers/paths.js';

let otherModels: string;
let damaged: string;
const options = (modelsDir: string): EmbedderOptions => ({ model: TINY_MODEL_ID, dtype: 'q8', modelsDir, offline: true, hub: { endpoint: 'https://huggingface.co' }, threads: 1 });
const QUERY = 'memory management for serving language models';

beforeAll(async () => {
  // The same model id in another folder, with other weights: a vector tells which folder it came from.
  otherModels = mkdtempSync(join(tmpdir(), 'paperscope-models-'));
  await makeTestModel({ size: 'tiny', outDir: otherModels, id: TINY_MODEL_ID, seed: 7 });
  damaged = mkdtempSync(join(tmpdir(), 'paperscope-damaged-'));
}, 60_000);
afterAll(() => {
  rmSync(otherModels, { recursive: true, force: true });
  rmSync(damaged, { recursive: true, force: true });
});

async function queryVector(modelsDir: string): Promise<Float32Array> {
  const embedder = await loadEmbedder(options(modelsDir));
  try {
    return await embedder.embedQuery(QUERY);
  } finally {
    await embedder.dispose();
  }
}

describe('transformers.js settings', () => {
  it('two instances loading at once each get the model of their own folder', async () => {
    const [ours, theirs] = [await queryVector(TEST_MODELS_DIR), await queryVector(otherModels)];
    expect(ours).not.toEqual(theirs);
    for (let trial = 0; trial < 3; trial++) {
      const [a, b] = await Promise.all([queryVector(TEST_MODELS_DIR), queryVector(otherModels)]);
      expect(a).toEqual(ours);
      expect(b).toEqual(theirs);
    }
  });

  it("a host application's settings are left as it set them", async () => {
    const saved = { localModelPath: env.localModelPath, cacheDir: env.cacheDir, allowRemoteModels: env.allowRemoteModels, logLevel: env.logLevel };
    try {
      Object.assign(env, { localModelPath: '/host/models/', cacheDir: '/host/cache', allowRemoteModels: false, logLevel: 10 });
      await queryVector(TEST_MODELS_DIR);
      expect({ localModelPath: env.localModelPath, cacheDir: env.cacheDir, allowRemoteModels: env.allowRemoteModels, logLevel: env.logLevel }).toEqual({
        localModelPath: '/host/models/',
        cacheDir: '/host/cache',
        allowRemoteModels: false,
        logLevel: 10,
      });
    } finally {
      Object.assign(env, saved);
    }
  });
});

describe('a model that cannot be loaded', () => {
  const copy = (name: string) => {
    const dir = join(damaged, name);
    cpSync(TEST_MODELS_DIR, dir, { recursive: true });
    return modelDir(dir, TINY_MODEL_ID);
  };

  it('with a truncated ONNX file is the user\'s to fix: delete the folder and download again', async () => {
    const model = copy('onnx');
    truncateSync(join(model, 'onnx', 'model_quantized.onnx'), 1000);
    const err = await loadEmbedder(options(join(damaged, 'onnx'))).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/could not load model paperscope-test\/tiny-bert \(q8\)/);
    expect((err as { hint?: string }).hint).toMatch(/damaged: delete that model folder/);
  });

  it('with a config.json that is not JSON is the user\'s to fix too', async () => {
    const model = copy('config');
    writeFileSync(join(model, 'config.json'), '{ "hidden_size": 32, ');
    const err = await loadEmbedder(options(join(damaged, 'config'))).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
  });

  it('with a tokenizer.json that is JSON but no tokenizer is the user\'s to fix, named', async () => {
    const model = copy('tokenizer');
    copyFileSync(join(model, 'config.json'), join(model, 'tokenizer.json'));
    const err = await loadEmbedder(options(join(damaged, 'tokenizer'))).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/tokenizer\.json is not a tokenizer file/);
  });
});
