import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { isProcessAlive } from '../system.js';
import { hubUrl, missingModelFiles, modelDir } from './model-files.js';
import type { Dtype } from './registry.js';
import { withTransformersEnv } from './transformers-env.js';

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
  /** Set once, when the download is over (done or failed): a progress display can close. */
  finished?: boolean;
}

/** Where models come from: the Hugging Face hub or a mirror, and the token for gated models (hub only). */
export interface Hub {
  endpoint: string;
  token?: string;
}

export interface EnsureModelOptions {
  modelId: string;
  dtype: Dtype;
  modelsDir: string;
  offline: boolean;
  hub: Hub;
  onProgress?: (p: DownloadProgress) => void;
}

/**
 * Makes sure every file of the model is in `<modelsDir>/<modelId>/`. Offline, a missing file is a
 * user error that says which files, where they go and how to get them. Online, transformers.js
 * downloads them from the Hugging Face hub (or a mirror) into the same folder.
 */
export async function ensureModel(o: EnsureModelOptions): Promise<void> {
  const { modelId, dtype, modelsDir, hub } = o;
  const missing = missingModelFiles(modelsDir, modelId, dtype);
  if (missing.length === 0) return;
  const target = modelDir(modelsDir, modelId);
  if (o.offline) {
    throw new UserError(
      `model ${modelId} (${dtype}) is not available offline: missing ${missing.join(', ')} in ${target}`,
      `run the command once online (without --offline or PAPERSCOPE_OFFLINE) to download it, or copy those files from ${hubUrl(hub.endpoint, modelId)} into ${target}`,
    );
  }
  await checkHubHasModel(modelId, dtype, target, hub);
  removeAbandonedDownloads(target);
  const progress_callback = (info: { status?: string; file?: string; loaded?: number; total?: number }) => {
    if (info.status === 'progress' && info.file) o.onProgress?.({ file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
  };
  // transformers.js downloads into its cache folder, laid out as <id>/<file>: the models folder itself.
  const settings = (tf: { LogLevel: { ERROR: number } }) => ({
    cacheDir: modelsDir,
    localModelPath: modelsDir,
    useFSCache: true,
    allowLocalModels: true,
    allowRemoteModels: true,
    remoteHost: `${hub.endpoint}/`,
    logLevel: tf.LogLevel.ERROR,
  });
  try {
    await withTransformersEnv(settings, async (tf) => {
      await tf.AutoTokenizer.from_pretrained(modelId, { progress_callback, cache_dir: modelsDir });
      const model = await tf.AutoModel.from_pretrained(modelId, { dtype, progress_callback, cache_dir: modelsDir });
      await model.dispose();
    });
  } catch (err) {
    throw downloadError(modelId, dtype, target, hub.endpoint, err);
  } finally {
    // Also on failure: a progress bar left open would leave the terminal's cursor hidden.
    o.onProgress?.({ file: '', loaded: 0, total: 0, finished: true });
  }
  const stillMissing = missingModelFiles(modelsDir, modelId, dtype);
  if (stillMissing.length > 0) {
    throw new UserError(
      `downloaded ${modelId} but ${stillMissing.join(', ')} did not arrive in ${target}`,
      `check that ${hubUrl(hub.endpoint, modelId)} has ONNX weights (an onnx/ folder) for dtype ${dtype}`,
    );
  }
}

/**
 * transformers.js downloads into `<file>.tmp.<pid>.<random>` and renames when done; a download that was
 * interrupted (Ctrl-C, kill) leaves its part behind. Parts whose process is gone are removed.
 */
function removeAbandonedDownloads(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }).map(String);
  } catch {
    return; // nothing downloaded yet
  }
  for (const entry of entries) {
    const pid = /\.tmp\.(\d+)\.[a-z0-9]+$/.exec(entry)?.[1];
    if (pid !== undefined && !isProcessAlive(Number(pid))) rmSync(join(dir, entry), { force: true });
  }
}

const NOT_FOUND_HINT = 'check the model id; paperscope needs a repository with ONNX weights in transformers.js layout (the Xenova/ ports usually have them)';

/**
 * Asks the hub for the model's config.json before transformers.js downloads anything: its own handling
 * of a missing repository ends in "Cannot read properties of undefined", which tells a user nothing.
 */
async function checkHubHasModel(modelId: string, dtype: Dtype, target: string, hub: Hub): Promise<void> {
  // Like transformers.js, the token goes to the Hugging Face hub only, never to a mirror.
  const onHub = isHuggingFaceHost(hub.endpoint);
  const token = onHub ? hub.token : undefined;
  let status: number;
  try {
    const response = await fetch(`${hub.endpoint}/${modelId}/resolve/main/config.json`, {
      method: 'HEAD',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(30_000),
    });
    status = response.status;
  } catch (err) {
    throw downloadError(modelId, dtype, target, hub.endpoint, err);
  }
  if (status === 401 || status === 403 || status === 404) {
    const access = !onHub
      ? '; a mirror gets no HF_TOKEN (it is only sent to huggingface.co)'
      : token
        ? '; check that your HF_TOKEN has access to it'
        : '; for a gated or private model set HF_TOKEN';
    throw new UserError(`model ${modelId} (${dtype}) was not found at ${hub.endpoint} (HTTP ${status})`, `${NOT_FOUND_HINT}${access}`);
  }
}

function isHuggingFaceHost(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return ['huggingface.co', 'hf.co'].some((h) => host === h || host.endsWith(`.${h}`));
}

function downloadError(modelId: string, dtype: Dtype, target: string, endpoint: string, err: unknown): UserError {
  const e = err as Error & { cause?: { code?: string } };
  const code = e.cause?.code;
  const message = e.message ?? String(err);
  if (code === 'ENOTFOUND' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || e.name === 'TimeoutError' || /fetch failed/i.test(message)) {
    return new UserError(
      `cannot download model ${modelId} (${dtype}): ${new URL(endpoint).host} is unreachable${code ? ` (${code})` : ''}`,
      `connect to the internet and retry, or copy config.json, tokenizer.json, tokenizer_config.json and the onnx/ files from ${hubUrl(endpoint, modelId)} into ${target}`,
    );
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || message === 'terminated') {
    return new UserError(
      `the download of model ${modelId} (${dtype}) from ${new URL(endpoint).host} was cut off${code ? ` (${code})` : ''}`,
      'run the command again: the files that arrived whole are kept, and the rest is downloaded again',
    );
  }
  // The repository exists (checkHubHasModel saw its config.json), so a file is missing from it.
  const missingFile = /Could not locate file: "[^"]*\/resolve\/[^/"]+\/([^"]+)"/.exec(message)?.[1];
  if (missingFile) {
    return new UserError(
      `model ${modelId} has no ${missingFile} at ${endpoint}, so it cannot run with --dtype ${dtype}`,
      missingFile.startsWith('onnx/') ? `${dtype === 'q8' ? 'try --dtype fp32, or ' : ''}choose a repository with ONNX weights in transformers.js layout (the Xenova/ ports usually have them)` : NOT_FOUND_HINT,
    );
  }
  if (/\b(401|404)\b|not found|Could not locate/i.test(message)) {
    return new UserError(
      `model ${modelId} (${dtype}) was not found at ${endpoint}: ${message.split('\n')[0]}`,
      NOT_FOUND_HINT,
    );
  }
  return new UserError(`downloading model ${modelId} (${dtype}) failed: ${message.split('\n')[0]}`);
}
