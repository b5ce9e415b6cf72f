import { existsSync, readFileSync, statSync } from 'node:fs';
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

/**
 * The first problem found in a model folder's JSON files, said in the user's terms: a file that is not
 * JSON, or not the kind of file it should be. transformers.js would fail on them deep inside its own
 * code, in errors that cannot be told from a bug.
 */
export function damagedModelFile(dir: string): string | undefined {
  const expect: Record<string, (value: Record<string, unknown>) => boolean> = {
    'config.json': (v) => typeof v.model_type === 'string',
    'tokenizer.json': (v) => typeof v.model === 'object' && v.model !== null,
    'tokenizer_config.json': () => true,
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
