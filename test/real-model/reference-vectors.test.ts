import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../../src/embed/embedder.js';
import type { Dtype } from '../../src/embed/registry.js';
import { FIXTURES } from '../helpers/paths.js';
import { REAL_MINILM, REAL_MODELS_DIR, warnIfMissing } from '../helpers/real-models.js';

const available = warnIfMissing(REAL_MINILM, 'the reference-vector checks (test/real-model/reference-vectors.test.ts)');

interface Reference {
  maxSeqLength: number;
  tokens: number[];
  vectors: number[][];
}
const dir = join(FIXTURES, 'reference-vectors');
const items = (JSON.parse(readFileSync(join(dir, 'texts.json'), 'utf8')) as { texts: { kind: 'english' | 'other'; text: string }[] }).texts;
const texts = items.map((t) => t.text);
const reference = JSON.parse(readFileSync(join(dir, 'all-MiniLM-L6-v2.json'), 'utf8')) as Reference;

function cosines(vectors: Float32Array, dims: number): number[] {
  return reference.vectors.map((ref, i) => ref.reduce((sum, x, d) => sum + x * vectors[i * dims + d], 0));
}

describe.skipIf(!available)('real all-MiniLM-L6-v2 against sentence-transformers (tokenizer, truncation, pooling, normalisation)', () => {
  const embedders = new Map<Dtype, Embedder>();
  beforeAll(async () => {
    for (const dtype of ['fp32', 'q8'] as const) {
      embedders.set(dtype, await loadEmbedder({ model: REAL_MINILM, dtype, modelsDir: REAL_MODELS_DIR, offline: true, threads: 2 }));
    }
  });
  afterAll(async () => {
    for (const e of embedders.values()) await e.dispose();
  });

  it('the fixture covers short texts, texts truncated at 256 tokens, LaTeX, accents and other scripts', () => {
    expect(texts.length).toBe(reference.vectors.length);
    expect(reference.maxSeqLength).toBe(256);
    expect(reference.tokens.filter((t) => t === 256).length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...reference.tokens)).toBeLessThanOrEqual(3);
  });

  it('fp32 gives the reference vector for every text (cosine >= 0.9999)', async () => {
    const e = embedders.get('fp32')!;
    const cos = cosines(await e.embedDocuments(texts), e.dims);
    const worst = cos.map((c, i) => ({ c, text: texts[i].slice(0, 40) })).filter((x) => x.c < 0.9999);
    expect(worst).toEqual([]);
  });

  // Measured with the hub's q8 scheme (dynamic uint8 activations, per-channel int8 weights): mean 0.9885;
  // every English title, query and abstract of two words or more >= 0.990 (lowest 0.9902); one word
  // ("attention") 0.9856; non-English and degenerate texts down to 0.971 ("?"). Wider weights do not help (8-bit weights: mean 0.9897): the loss is in
  // quantising the activations, which the hub's files do too.
  it('q8 stays close: >= 0.99 for English text, >= 0.97 for every text, mean >= 0.985', async () => {
    const e = embedders.get('q8')!;
    const cos = cosines(await e.embedDocuments(texts), e.dims);
    const englishLow = cos.map((c, i) => ({ c, text: texts[i].slice(0, 40) })).filter((x, i) => items[i].kind === 'english' && x.c < 0.99);
    expect(englishLow).toEqual([]);
    expect(Math.min(...cos)).toBeGreaterThanOrEqual(0.97);
    expect(cos.reduce((a, b) => a + b) / cos.length).toBeGreaterThanOrEqual(0.985);
  });

  it('a query is embedded like a document of the same text (no prefix for this model)', async () => {
    const e = embedders.get('fp32')!;
    const q = await e.embedQuery(texts[2]);
    expect(cosines(q, e.dims)[0]).toBeLessThan(0.9); // not the first text
    expect(reference.vectors[2].reduce((s, x, d) => s + x * q[d], 0)).toBeGreaterThan(0.9999);
  });
});
