import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dtype } from './registry.js';

/** The ONNX file transformers.js loads for a dtype. */
export function onnxFileFor(dtype: Dtype): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Files a sentence model needs in transformers.js layout, relative to `<modelsDir>/<modelId>/`. */
export function requiredModelFiles(dtype: Dtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
}

export function modelDir(modelsDir: string, modelId: string): string {
  return join(modelsDir, ...modelId.split('/'));
}

/** Required files that are absent (or empty, as a failed copy leaves them). */
export function missingModelFiles(modelsDir: string, modelId: string, dtype: Dtype): string[] {
  const dir = modelDir(modelsDir, modelId);
  return requiredModelFiles(dtype).filter((f) => {
    const p = join(dir, f);
    return !existsSync(p) || statSync(p).size === 0;
  });
}

/** The model's page on the hub (or the mirror), where its files can be fetched by hand. */
export function hubUrl(endpoint: string, modelId: string): string {
  return `${endpoint}/${modelId}/tree/main`;
}
