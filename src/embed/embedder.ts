import { UserError } from '../errors.js';
import { DEFAULT_HUB_ENDPOINT, readSettings } from '../settings.js';
import { ensureModel, type DownloadProgress, type Hub } from './download.js';
import { damagedModelFile, localModelFormat, modelDir } from './model-files.js';
import { poolInto } from './pooling.js';
import { resolveModelSpec, type Dtype, type ModelSpec } from './registry.js';
import type { Embedder } from './embedder-interface.js';
import { loadStaticEmbedder } from './static-embedder.js';
import { withTransformersEnv } from './transformers-env.js';

export type { Embedder } from './embedder-interface.js';

export interface EmbedderOptions {
  model: string;
  dtype: Dtype;
  modelsDir: string;
  offline: boolean;
  /** Where to download from when the model is missing (default: the Hugging Face hub, no token). */
  hub?: Hub;
  /** Texts per forward pass. Sorted-by-length batches keep padding low, so bigger is not always better. */
  batchSize?: number;
  /** Inference threads (default: the environment's, see settings.ts). */
  threads?: number;
  /**
   * Truncate at this many tokens instead of the model's own limit. For measuring what truncation costs
   * (npm run quality); vectors made at two lengths do not belong in one index, so openIndex has no such option.
   */
  maxTokens?: number;
  onDownload?: (p: DownloadProgress) => void;
}

/**
 * 16, measured: on 2 cores batches of 8, 16 and 32 run at the same docs/s (39–40, q8, 256 tokens), and
 * 32 costs ~400 MB more peak memory (attention is not fused, so activations grow with the batch).
 */
export const DEFAULT_BATCH_SIZE = 16;

// Minimal views of the transformers.js objects we use, so the rest of the code stays typed.
interface TokenizerOutput {
  input_ids: { data: BigInt64Array; dims: number[] };
  attention_mask: { data: ArrayLike<bigint>; dims: number[] };
}
type Tokenizer = ((texts: string[], opts: { padding: boolean; truncation: boolean; max_length: number }) => TokenizerOutput) & {
  sep_token_id?: number | null;
};
interface TensorLike { data: Float32Array; dims: number[] }
type Model = ((inputs: TokenizerOutput) => Promise<Record<string, TensorLike>>) & { dispose(): Promise<unknown> };

/** Loads a sentence model through transformers.js (ONNX on the CPU), downloading it first when allowed. */
export async function loadEmbedder(opts: EmbedderOptions): Promise<Embedder> {
  const registered = resolveModelSpec(opts.model);
  const spec = opts.maxTokens ? { ...registered, maxTokens: opts.maxTokens } : registered;
  await ensureModel({ modelId: spec.id, dtype: opts.dtype, format: spec.format, modelsDir: opts.modelsDir, offline: opts.offline, hub: opts.hub ?? { endpoint: DEFAULT_HUB_ENDPOINT }, onProgress: opts.onDownload });
  const threads = opts.threads ?? readSettings().threads;
  // Loaded from its folder by path, local files only: no transformers.js setting decides where from.
  const dir = modelDir(opts.modelsDir, spec.id);
  const damaged = damagedModelFile(dir);
  if (damaged) throw damagedModel(spec.id, opts.dtype, dir, damaged);
  if (localModelFormat(dir) === 'model2vec') return loadStaticEmbedder(dir, { ...spec, format: 'model2vec' }, opts.dtype);
  try {
    return await withTransformersEnv(
      (tf) => ({ allowLocalModels: true, logLevel: tf.LogLevel.ERROR }),
      async (tf) => {
        const tokenizer = (await tf.AutoTokenizer.from_pretrained(dir, { local_files_only: true })) as unknown as Tokenizer;
        const loaded = await tf.AutoModel.from_pretrained(dir, {
          dtype: opts.dtype,
          local_files_only: true,
          session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
        });
        const hiddenSize = Number((loaded.config as unknown as { hidden_size?: number }).hidden_size ?? spec.dims ?? 0);
        return new TransformersEmbedder(spec, opts.dtype, hiddenSize, tokenizer, loaded as unknown as Model, opts.batchSize ?? DEFAULT_BATCH_SIZE);
      },
    );
  } catch (err) {
    if (!isModelFileError(err)) throw err; // a bug keeps its stack
    throw damagedModel(spec.id, opts.dtype, dir, (err as Error).message.split('\n')[0]);
  }
}

function damagedModel(id: string, dtype: Dtype, dir: string, problem: string): UserError {
  return new UserError(
    `could not load model ${id} (${dtype}) from ${dir}: ${problem}`,
    'the model files may be damaged: delete that model folder and run the command again online to re-download it',
  );
}

/**
 * What a model's files can still do wrong once their JSON passed damagedModelFile: an ONNX file
 * onnxruntime cannot read, a file gone or unreadable meanwhile. Anything else is a bug.
 */
function isModelFileError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return true;
  const message = err instanceof Error ? err.message : String(err);
  return /protobuf|onnx|load model|not found locally/i.test(message);
}

class TransformersEmbedder implements Embedder {
  truncatedDocuments = 0;

  constructor(
    readonly spec: ModelSpec,
    readonly dtype: Dtype,
    readonly dims: number,
    private readonly tokenizer: Tokenizer,
    private readonly model: Model,
    private readonly batchSize: number,
  ) {}

  async embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array> {
    const { vectors, truncated } = await this.embed(texts.map((t) => this.spec.documentPrefix + t), onProgress);
    this.truncatedDocuments += truncated;
    return vectors;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return (await this.embed([this.spec.queryPrefix + text])).vectors;
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }

  private async embed(texts: string[], onProgress?: (done: number) => void): Promise<{ vectors: Float32Array; truncated: number }> {
    const out = new Float32Array(texts.length * this.dims);
    let truncated = 0;
    // Longest first, so similar lengths share a batch and padding stays small.
    const order = texts.map((_, i) => i).sort((a, b) => texts[b].length - texts[a].length || a - b);
    let done = 0;
    for (let start = 0; start < order.length; start += this.batchSize) {
      const rows = order.slice(start, start + this.batchSize);
      const batchTexts = rows.map((i) => clipChars(texts[i], this.spec.maxTokens));
      const inputs = this.tokenizer(batchTexts, { padding: true, truncation: true, max_length: this.spec.maxTokens });
      truncated += filledRows(inputs, this.spec.maxTokens);
      restoreEndToken(inputs, this.tokenizer.sep_token_id);
      const output = await this.model(inputs);
      const hidden = output.last_hidden_state ?? Object.values(output)[0];
      const [batch, seq, dims] = hidden.dims;
      if (dims !== this.dims) throw new Error(`model output has ${dims} dims, expected ${this.dims}`);
      poolInto(hidden.data, inputs.attention_mask.data, batch, seq, dims, this.spec.pooling, out, rows);
      done += rows.length;
      onProgress?.(done);
    }
    return { vectors: out, truncated };
  }
}

/** Rows that fill all `maxTokens` places: the tokenizer cut them there (a text of exactly that length counts too). */
function filledRows(inputs: TokenizerOutput, maxTokens: number): number {
  const [batch, seq] = inputs.attention_mask.dims;
  if (seq < maxTokens) return 0;
  let n = 0;
  for (let b = 0; b < batch; b++) if (Number(inputs.attention_mask.data[b * seq + seq - 1]) !== 0) n++;
  return n;
}

/**
 * transformers.js truncates after adding the special tokens, so a text longer than the limit loses its
 * final [SEP]; Hugging Face's tokenizers (what sentence models were trained and evaluated with) truncate
 * the text and keep it. Putting [SEP] back in the last place gives exactly their tokens: without it the
 * vectors of truncated abstracts drift from sentence-transformers' (cosine 0.9986 instead of 1.0000).
 */
function restoreEndToken(inputs: TokenizerOutput, sepId: number | null | undefined): void {
  if (sepId === null || sepId === undefined) return;
  const [batch, seq] = inputs.input_ids.dims;
  const ids = inputs.input_ids.data;
  const mask = inputs.attention_mask.data;
  const sep = BigInt(sepId);
  for (let b = 0; b < batch; b++) {
    const last = b * seq + seq - 1;
    if (Number(mask[last]) !== 0 && ids[last] !== sep) ids[last] = sep;
  }
}

/**
 * Tokenizing a 100,000-character abstract only to keep its first 256 tokens wastes time; no English
 * token is longer than ~20 characters, so cutting far beyond that first changes nothing.
 */
function clipChars(text: string, maxTokens: number): string {
  const limit = maxTokens * 20;
  return text.length > limit ? text.slice(0, limit) : text;
}
