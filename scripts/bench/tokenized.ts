/**
 * The batches paperscope's embedder feeds the model, rebuilt outside it so the raw onnxruntime session
 * runs exactly the same work: texts sorted longest first, DEFAULT_BATCH_SIZE per batch, clipped and tokenized with
 * padding to the longest in the batch and truncation at the model's 256 tokens (src/embed/embedder.ts).
 */
import * as ort from 'onnxruntime-node';
import { DEFAULT_BATCH_SIZE } from '../../src/embed/embedder.js';
import { resolveModelSpec } from '../../src/embed/registry.js';
import { MODEL_ID } from './paths.js';

export interface TokenizedBatch {
  /** The batch's texts as given (before prefix and clipping): embedDocuments(texts) forms exactly this batch. */
  texts: string[];
  feeds: Record<string, ort.Tensor>;
  /** Real (unpadded) token count of each text in the batch. */
  tokens: number[];
  paddedLength: number;
}

interface HfTensor {
  data: BigInt64Array;
  dims: number[];
}
type HfTokenizer = (texts: string[], opts: { padding: boolean; truncation: boolean; max_length: number }) => Record<string, HfTensor>;

export async function loadTokenizer(modelsDir: string): Promise<HfTokenizer> {
  const tf = await import('@huggingface/transformers');
  tf.env.localModelPath = modelsDir;
  tf.env.cacheDir = modelsDir;
  tf.env.allowRemoteModels = false;
  tf.env.logLevel = tf.LogLevel.ERROR;
  return (await tf.AutoTokenizer.from_pretrained(MODEL_ID, { local_files_only: true })) as unknown as HfTokenizer;
}

export function tokenizeLikeEmbedder(tokenizer: HfTokenizer, texts: string[], inputNames: readonly string[]): TokenizedBatch[] {
  const spec = resolveModelSpec(MODEL_ID);
  const prefixed = texts.map((t) => spec.documentPrefix + t);
  const order = prefixed.map((_, i) => i).sort((a, b) => prefixed[b].length - prefixed[a].length || a - b);
  const batches: TokenizedBatch[] = [];
  for (let start = 0; start < order.length; start += DEFAULT_BATCH_SIZE) {
    const rows = order.slice(start, start + DEFAULT_BATCH_SIZE);
    const batchTexts = rows.map((i) => clipChars(prefixed[i], spec.maxTokens));
    const encoded = tokenizer(batchTexts, { padding: true, truncation: true, max_length: spec.maxTokens });
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of inputNames) {
      const t = encoded[name];
      if (!t) throw new Error(`the tokenizer gave no ${name}`);
      feeds[name] = new ort.Tensor('int64', t.data, t.dims);
    }
    const [batch, seq] = encoded.attention_mask.dims;
    const mask = encoded.attention_mask.data;
    const tokens = Array.from({ length: batch }, (_, b) => {
      let n = 0;
      for (let s = 0; s < seq; s++) n += Number(mask[b * seq + s]);
      return n;
    });
    batches.push({ texts: rows.map((i) => texts[i]), feeds, tokens, paddedLength: seq });
  }
  return batches;
}

/** The embedder's cut before tokenizing (no English token is longer than ~20 characters). */
function clipChars(text: string, maxTokens: number): string {
  const limit = maxTokens * 20;
  return text.length > limit ? text.slice(0, limit) : text;
}
