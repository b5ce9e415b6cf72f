import { UserError } from '../errors.js';

export type Pooling = 'mean' | 'cls';
export type Dtype = 'q8' | 'fp32';
export const DTYPES: readonly Dtype[] = ['q8', 'fp32'];

/** What paperscope needs to know to use a sentence model well. */
export interface ModelSpec {
  id: string;
  /** Known output size; for unlisted models it is read from config.json (hidden_size) at load time. */
  dims?: number;
  /** Truncate inputs to this many tokens (what the model was trained on, not just what it accepts). */
  maxTokens: number;
  pooling: Pooling;
  queryPrefix: string;
  documentPrefix: string;
  /** Static (model2vec) models have no transformer; an unlisted id's format is read from its config.json. */
  format?: 'model2vec';
  /** True when the id is in the table below; unlisted hub ids get defaults that suit most BERT-style models. */
  known: boolean;
}

export const DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';
export const DEFAULT_DTYPE: Dtype = 'q8';

const KNOWN_MODELS: Omit<ModelSpec, 'known'>[] = [
  // Trained with 128-token inputs and fine-tuned to 256; beyond 256 it only adds time.
  { id: 'Xenova/all-MiniLM-L6-v2', dims: 384, maxTokens: 256, pooling: 'mean', queryPrefix: '', documentPrefix: '' },
  { id: 'Xenova/all-MiniLM-L12-v2', dims: 384, maxTokens: 256, pooling: 'mean', queryPrefix: '', documentPrefix: '' },
  {
    id: 'Xenova/bge-small-en-v1.5',
    dims: 384,
    maxTokens: 512,
    pooling: 'cls',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    documentPrefix: '',
  },
  {
    id: 'Xenova/bge-base-en-v1.5',
    dims: 768,
    maxTokens: 512,
    pooling: 'cls',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    documentPrefix: '',
  },
  { id: 'Xenova/gte-small', dims: 384, maxTokens: 512, pooling: 'mean', queryPrefix: '', documentPrefix: '' },
  { id: 'Xenova/e5-small-v2', dims: 384, maxTokens: 512, pooling: 'mean', queryPrefix: 'query: ', documentPrefix: 'passage: ' },
  { id: 'Xenova/multi-qa-MiniLM-L6-cos-v1', dims: 384, maxTokens: 512, pooling: 'mean', queryPrefix: '', documentPrefix: '' },
  // Static models (model2vec): a token-embedding table, no transformer; the fast mode for huge collections.
  { id: 'minishlab/potion-base-8M', dims: 256, maxTokens: 512, pooling: 'mean', queryPrefix: '', documentPrefix: '', format: 'model2vec' },
  { id: 'minishlab/potion-retrieval-32M', dims: 512, maxTokens: 512, pooling: 'mean', queryPrefix: '', documentPrefix: '', format: 'model2vec' },
];

// Hub ids are `owner/name`; anything else cannot be downloaded and is almost always a typo.
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

export function knownModelIds(): string[] {
  return KNOWN_MODELS.map((m) => m.id);
}

/** The spec for a model id: from the table, or defaults (mean pooling, 512 tokens) for another hub id. */
export function resolveModelSpec(id: string): ModelSpec {
  const known = KNOWN_MODELS.find((m) => m.id.toLowerCase() === id.toLowerCase());
  if (known) return { ...known, known: true };
  // Short names users type ("all-MiniLM-L6-v2", "bge-small-en-v1.5") map to the Xenova ONNX ports.
  const byShortName = KNOWN_MODELS.find((m) => m.id.split('/')[1].toLowerCase() === id.toLowerCase());
  if (byShortName) return { ...byShortName, known: true };
  if (!HUB_ID.test(id)) {
    throw new UserError(
      `unknown model "${id}": expected a Hugging Face id like owner/name`,
      `known models: ${knownModelIds().join(', ')}; any other hub id with ONNX weights in transformers.js layout also works`,
    );
  }
  return { id, maxTokens: 512, pooling: 'mean', queryPrefix: '', documentPrefix: '', known: false };
}

/** The key embeddings are cached under and an index is pinned to: model and dtype change the vectors. */
export function modelKey(id: string, dtype: Dtype): string {
  return `${id}@${dtype}`;
}
