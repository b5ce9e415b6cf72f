import { UserError } from '../errors.js';
import { hubUrl, missingModelFiles, modelDir } from './model-files.js';
import type { Dtype } from './registry.js';

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

/**
 * Makes sure every file of the model is in `<modelsDir>/<modelId>/`. Offline, a missing file is a
 * user error that says which files, where they go and how to get them. Online, transformers.js
 * downloads them from the Hugging Face hub into the same folder (it writes each file atomically).
 */
export async function ensureModel(
  modelId: string,
  dtype: Dtype,
  modelsDir: string,
  offline: boolean,
  onProgress?: (p: DownloadProgress) => void,
): Promise<void> {
  const missing = missingModelFiles(modelsDir, modelId, dtype);
  if (missing.length === 0) return;
  const target = modelDir(modelsDir, modelId);
  if (offline) {
    throw new UserError(
      `model ${modelId} (${dtype}) is not available offline: missing ${missing.join(', ')} in ${target}`,
      `run the command once without --offline (and without PAPERSCOPE_OFFLINE) to download it, or copy those files from ${hubUrl(modelId)} into ${target}`,
    );
  }
  const tf = await import('@huggingface/transformers');
  tf.env.cacheDir = modelsDir;
  tf.env.localModelPath = modelsDir;
  tf.env.allowRemoteModels = true;
  tf.env.logLevel = tf.LogLevel.ERROR;
  const progress_callback = (info: { status?: string; file?: string; loaded?: number; total?: number }) => {
    if (info.status === 'progress' && info.file) onProgress?.({ file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
  };
  try {
    await tf.AutoTokenizer.from_pretrained(modelId, { progress_callback });
    const model = await tf.AutoModel.from_pretrained(modelId, { dtype, progress_callback });
    await model.dispose();
  } catch (err) {
    throw downloadError(modelId, dtype, target, err);
  }
  const stillMissing = missingModelFiles(modelsDir, modelId, dtype);
  if (stillMissing.length > 0) {
    throw new UserError(
      `downloaded ${modelId} but ${stillMissing.join(', ')} did not arrive in ${target}`,
      `check that ${hubUrl(modelId)} has ONNX weights (an onnx/ folder) for dtype ${dtype}`,
    );
  }
}

function downloadError(modelId: string, dtype: Dtype, target: string, err: unknown): UserError {
  const e = err as Error & { cause?: { code?: string } };
  const code = e.cause?.code;
  const message = e.message ?? String(err);
  if (code === 'ENOTFOUND' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || /fetch failed/i.test(message)) {
    return new UserError(
      `cannot download model ${modelId} (${dtype}): huggingface.co is unreachable${code ? ` (${code})` : ''}`,
      `connect to the internet and retry, or copy config.json, tokenizer.json, tokenizer_config.json and the onnx/ files from ${hubUrl(modelId)} into ${target}`,
    );
  }
  if (/\b(401|404)\b|not found|Could not locate/i.test(message)) {
    return new UserError(
      `model ${modelId} (${dtype}) was not found on the Hugging Face hub: ${message.split('\n')[0]}`,
      `check the model id; paperscope needs a repository with ONNX weights in transformers.js layout (the Xenova/ ports usually have them)`,
    );
  }
  return new UserError(`downloading model ${modelId} (${dtype}) failed: ${message.split('\n')[0]}`);
}
