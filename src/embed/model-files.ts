import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dtype } from './registry.js';

/** Where models live unless the user says otherwise: the project's `models/`, never inside node_modules. */
export function defaultModelsDir(): string {
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (!packageRoot.split(sep).includes('node_modules')) return join(packageRoot, 'models');
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'paperscope', 'models');
}

/** `--models` beats `PAPERSCOPE_MODELS` beats the default. */
export function resolveModelsDir(flag?: string): string {
  const chosen = flag || process.env.PAPERSCOPE_MODELS;
  return chosen ? resolve(chosen) : defaultModelsDir();
}

export function isOfflineByEnv(): boolean {
  const v = process.env.PAPERSCOPE_OFFLINE ?? process.env.HF_HUB_OFFLINE;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

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

/**
 * Where models are downloaded from: the Hugging Face hub, or the mirror `HF_ENDPOINT` names (the variable
 * the hub's own tools read, so a mirror set up for them works here too).
 */
export function hubEndpoint(): string {
  const endpoint = process.env.HF_ENDPOINT?.trim();
  return (endpoint || 'https://huggingface.co').replace(/\/+$/, '');
}

export function hubUrl(modelId: string): string {
  return `${hubEndpoint()}/${modelId}/tree/main`;
}
