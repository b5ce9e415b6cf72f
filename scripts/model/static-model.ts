/**
 * A tiny static (model2vec-format) test model: the tiny BERT's tokenizer and a random token-embedding table
 * stored as F16, as model2vec stores its embeddings, so the tests load a static model through the same code
 * path as minishlab/potion-base-8M without any download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../lib/rng.js';
import { writeFileAtomic, writeJson } from './files.js';
import { tinyTokenizerJson } from './tokenizer-files.js';

export const TINY_STATIC_DIMS = 16;
/** Small, so that a test reaches truncation with a few sentences. */
export const TINY_STATIC_MAX_LENGTH = 64;

export async function writeTinyStaticModel(modelDir: string, seed = 7): Promise<void> {
  const { vocabSize, json } = tinyTokenizerJson();
  const rng = new Rng(seed);
  // Values on a 1/64 grid in [-1, 1]: exact in F16, so a test can recompute a vector from the table.
  const table = Float32Array.from({ length: vocabSize * TINY_STATIC_DIMS }, () => (rng.int(129) - 64) / 64);
  await fs.promises.mkdir(modelDir, { recursive: true });
  await writeJson(path.join(modelDir, 'config.json'), {
    model_type: 'model2vec',
    architectures: ['StaticModel'],
    hidden_dim: TINY_STATIC_DIMS,
    max_length: TINY_STATIC_MAX_LENGTH,
    normalize: true,
  });
  await writeJson(path.join(modelDir, 'tokenizer.json'), json);
  await writeFileAtomic(path.join(modelDir, 'model.safetensors'), safetensorsF16({ embeddings: { shape: [vocabSize, TINY_STATIC_DIMS], data: table } }));
}

/** A safetensors file of F16 tensors: 8-byte header length, JSON header, little-endian data. */
function safetensorsF16(tensors: Record<string, { shape: number[]; data: Float32Array }>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: 'F16', shape: t.shape, data_offsets: [offset, offset + 2 * t.data.length] };
    offset += 2 * t.data.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    for (const x of t.data) {
      view.setUint16(at, toF16(x), true);
      at += 2;
    }
  }
  return out;
}

/** Single to half precision for normal values in F16's range (the table above holds nothing else). */
function toF16(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const exponent = Math.floor(Math.log2(a));
  const fraction = Math.round((a / 2 ** exponent - 1) * 1024);
  return sign | ((exponent + 15) << 10) | fraction;
}
