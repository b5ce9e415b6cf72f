import type { Dtype, ModelSpec } from './registry.js';

/** Turns text into unit vectors. Rows of the returned Float32Array are in the order of the input texts. */
export interface Embedder {
  readonly spec: ModelSpec;
  readonly dtype: Dtype;
  readonly dims: number;
  embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array>;
  /** Documents so far that were longer than the model reads (`spec.maxTokens`): their vector covers the start only. */
  readonly truncatedDocuments: number;
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}
