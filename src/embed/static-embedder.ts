/**
 * Static embedding models (the model2vec format: a token-embedding matrix in model.safetensors, a
 * tokenizer.json and a config.json with model_type "model2vec", e.g. minishlab/potion-base-8M): a text's
 * vector is the mean of its tokens' rows, normalised. No transformer runs, so thousands of abstracts a
 * second embed on a laptop, for less meaning than a transformer's (see README, Quality). Tokens as
 * model2vec makes them: no special tokens, the unknown token dropped, at most config.max_length.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Embedder } from './embedder-interface.js';
import { normalizeRow } from './pooling.js';
import type { Dtype, ModelSpec } from './registry.js';
import { readSafetensors } from './safetensors.js';

interface StaticTokenizer {
  encode(text: string, opts: { add_special_tokens: boolean }): number[];
}

interface Model2VecConfig {
  normalize?: boolean;
  max_length?: number | null;
}

export async function loadStaticEmbedder(dir: string, spec: ModelSpec, dtype: Dtype): Promise<Embedder> {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Model2VecConfig;
  const tokenizerJson = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as { model?: { unk_token?: string; vocab?: Record<string, number> } };
  const file = join(dir, 'model.safetensors');
  let tensors;
  try {
    tensors = readSafetensors(readFileSync(file), file);
  } catch (err) {
    throw new UserError(`could not load model ${spec.id} from ${dir}: ${(err as Error).message}`, 'the model files may be damaged: delete that model folder and run the command again online to re-download it');
  }
  const table = tensors.get('embeddings') ?? tensors.get('embedding');
  if (!table || table.shape.length !== 2) throw new UserError(`model ${spec.id}: ${file} has no 2-d "embeddings" tensor`, 'this is not a model2vec model paperscope can read');
  if (tensors.has('weights') || tensors.has('mapping')) {
    throw new UserError(`model ${spec.id} uses model2vec's vocabulary quantisation (weights / mapping tensors)`, 'choose a model2vec model without it, e.g. minishlab/potion-base-8M');
  }
  const tf = await import('@huggingface/transformers');
  const Tokenizer = (tf as unknown as { PreTrainedTokenizer: new (json: unknown, config: unknown) => StaticTokenizer }).PreTrainedTokenizer;
  const tokenizer = new Tokenizer(tokenizerJson, {});
  const unk = tokenizerJson.model?.unk_token;
  const unkId = unk !== undefined ? tokenizerJson.model?.vocab?.[unk] : undefined;
  const maxTokens = config.max_length ?? spec.maxTokens;
  return new StaticEmbedder({ ...spec, dims: table.shape[1], maxTokens }, dtype, table.data, table.shape[0], tokenizer, unkId, config.normalize ?? true);
}

class StaticEmbedder implements Embedder {
  truncatedDocuments = 0;
  readonly dims: number;

  constructor(
    readonly spec: ModelSpec,
    readonly dtype: Dtype,
    private readonly table: Float32Array,
    private readonly rows: number,
    private readonly tokenizer: StaticTokenizer,
    private readonly unkId: number | undefined,
    private readonly normalize: boolean,
  ) {
    this.dims = spec.dims!;
  }

  async embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array> {
    const out = new Float32Array(texts.length * this.dims);
    texts.forEach((text, i) => {
      if (this.embedInto(this.spec.documentPrefix + text, out, i)) this.truncatedDocuments++;
      // Thousands a second: tell the progress bar now and then, not per text.
      if ((i + 1) % 256 === 0) onProgress?.(i + 1);
    });
    onProgress?.(texts.length);
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const out = new Float32Array(this.dims);
    this.embedInto(this.spec.queryPrefix + text, out, 0);
    return out;
  }

  async dispose(): Promise<void> {}

  /** Writes the text's vector into row `row` of `out`; true when the text was longer than the model reads. */
  private embedInto(text: string, out: Float32Array, row: number): boolean {
    // No token is longer than ~20 characters: tokenising far beyond the limit changes nothing.
    const ids = this.tokenizer.encode(text.slice(0, this.spec.maxTokens * 20), { add_special_tokens: false });
    const o = row * this.dims;
    let count = 0;
    for (const id of ids) {
      if (id === this.unkId || id < 0 || id >= this.rows) continue;
      if (count === this.spec.maxTokens) return this.finish(out, o, count, true);
      const t = id * this.dims;
      for (let d = 0; d < this.dims; d++) out[o + d] += this.table[t + d];
      count++;
    }
    return this.finish(out, o, count, false);
  }

  private finish(out: Float32Array, o: number, count: number, truncated: boolean): boolean {
    if (count > 0) for (let d = 0; d < this.dims; d++) out[o + d] /= count;
    if (this.normalize) normalizeRow(out, o, this.dims);
    return truncated;
  }
}
