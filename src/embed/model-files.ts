import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dtype } from './registry.js';

/** The ONNX file transformers.js loads for a dtype. */
export function onnxFileFor(dtype: Dtype): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/**
 * How a model's weights are stored: ONNX in transformers.js layout, or a model2vec static embedding table
 * (config.json says `"model_type": "model2vec"`).
 */
export type ModelFormat = 'transformers' | 'model2vec';

/** The files a static (model2vec) model needs; dtype does not apply to them. */
export const STATIC_MODEL_FILES = ['config.json', 'tokenizer.json', 'model.safetensors'];

/** Files a sentence model needs, relative to `<modelsDir>/<modelId>/`. */
export function requiredModelFiles(dtype: Dtype, format: ModelFormat = 'transformers'): string[] {
  return format === 'model2vec' ? STATIC_MODEL_FILES : ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
}

/** The format a model folder's config.json declares; undefined when there is no readable config.json. */
export function localModelFormat(dir: string): ModelFormat | undefined {
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { model_type?: unknown };
    return config.model_type === 'model2vec' ? 'model2vec' : 'transformers';
  } catch {
    return undefined;
  }
}

export function modelDir(modelsDir: string, modelId: string): string {
  return join(modelsDir, ...modelId.split('/'));
}

/** Required files that are absent (or empty, as a failed copy leaves them); the format is the folder's, else `format`. */
export function missingModelFiles(modelsDir: string, modelId: string, dtype: Dtype, format: ModelFormat = 'transformers'): string[] {
  const dir = modelDir(modelsDir, modelId);
  return requiredModelFiles(dtype, localModelFormat(dir) ?? format).filter((f) => {
    const p = join(dir, f);
    return !existsSync(p) || statSync(p).size === 0;
  });
}

/** The model's page on the hub (or the mirror), where its files can be fetched by hand. */
export function hubUrl(endpoint: string, modelId: string): string {
  return `${endpoint}/${modelId}/tree/main`;
}

/**
 * The first problem found in a model folder's JSON files, said in the user's terms: a file that is not
 * JSON, or not the kind of file it should be. transformers.js would fail on them deep inside its own
 * code, in errors that cannot be told from a bug.
 */
export function damagedModelFile(dir: string): string | undefined {
  const expect: Record<string, (value: Record<string, unknown>) => boolean> = {
    'config.json': (v) => typeof v.model_type === 'string',
    'tokenizer.json': (v) => typeof v.model === 'object' && v.model !== null,
    ...(localModelFormat(dir) !== 'model2vec' && { 'tokenizer_config.json': () => true }),
  };
  for (const [file, isRight] of Object.entries(expect)) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      return err instanceof SyntaxError ? `${file} is not valid JSON` : `${file} cannot be read (${(err as Error).message})`;
    }
    if (typeof value !== 'object' || value === null || !isRight(value as Record<string, unknown>)) return `${file} is not a ${file.replace('.json', '').replace('_', ' ')} file`;
  }
  return undefined;
}
