import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../errors.js';
import { isProcessAlive } from '../system.js';
import { hubUrl, missingModelFiles, modelDir, STATIC_MODEL_FILES, type ModelFormat } from './model-files.js';
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
  /** What the registry knows of the model's format; an unlisted model's is read from its config.json. */
  format?: ModelFormat;
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
  const missing = missingModelFiles(modelsDir, modelId, dtype, o.format);
  if (missing.length === 0) return;
  const target = modelDir(modelsDir, modelId);
  if (o.offline) {
    throw new UserError(
      `model ${modelId} (${dtype}) is not available offline: missing ${missing.join(', ')} in ${target}`,
      `run the command once online (without --offline or PAPERSCOPE_OFFLINE) to download it, or copy those files from ${hubUrl(hub.endpoint, modelId)} into ${target}`,
    );
  }
  const format = await checkHubHasModel(modelId, dtype, target, hub);
  removeAbandonedDownloads(target);
  if (format === 'model2vec') return downloadStaticModel(o, target);
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
async function checkHubHasModel(modelId: string, dtype: Dtype, target: string, hub: Hub): Promise<ModelFormat> {
  let status: number;
  let config: { model_type?: unknown } | undefined;
  try {
    const response = await fetch(fileUrl(hub, modelId, 'config.json'), { headers: authHeaders(hub), signal: AbortSignal.timeout(30_000) });
    status = response.status;
    // The config decides the format: a static (model2vec) model has no ONNX files for transformers.js to fetch.
    if (response.ok) config = (await response.json().catch(() => undefined)) as typeof config;
  } catch (err) {
    throw downloadError(modelId, dtype, target, hub.endpoint, err);
  }
  const onHub = isHuggingFaceHost(hub.endpoint);
  const token = onHub ? hub.token : undefined;
  if (status === 401 || status === 403 || status === 404) {
    const access = !onHub
      ? '; a mirror gets no HF_TOKEN (it is only sent to huggingface.co)'
      : token
        ? '; check that your HF_TOKEN has access to it'
        : '; for a gated or private model set HF_TOKEN';
    throw new UserError(`model ${modelId} (${dtype}) was not found at ${hub.endpoint} (HTTP ${status})`, `${NOT_FOUND_HINT}${access}`);
  }
  return config?.model_type === 'model2vec' ? 'model2vec' : 'transformers';
}

function fileUrl(hub: Hub, modelId: string, file: string): string {
  return `${hub.endpoint}/${modelId}/resolve/main/${file}`;
}

/** Like transformers.js, the token goes to the Hugging Face hub only, never to a mirror. */
function authHeaders(hub: Hub): Record<string, string> {
  return isHuggingFaceHost(hub.endpoint) && hub.token ? { authorization: `Bearer ${hub.token}` } : {};
}

/**
 * A static model's three files, fetched directly (transformers.js knows no model2vec): each streamed to
 * `<file>.tmp.<pid>.<random>` (the part-file name removeAbandonedDownloads cleans up) and renamed when whole.
 */
async function downloadStaticModel(o: EnsureModelOptions, target: string): Promise<void> {
  mkdirSync(target, { recursive: true });
  try {
    for (const file of STATIC_MODEL_FILES) {
      const final = join(target, file);
      if (existsSync(final) && statSync(final).size > 0) continue;
      const response = await fetch(fileUrl(o.hub, o.modelId, file), { headers: authHeaders(o.hub) });
      if (!response.ok || !response.body) {
        throw new UserError(`model ${o.modelId} has no ${file} at ${o.hub.endpoint} (HTTP ${response.status})`, `a model2vec model needs ${STATIC_MODEL_FILES.join(', ')}`);
      }
      const total = Number(response.headers.get('content-length') ?? 0);
      const part = `${final}.tmp.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
      let loaded = 0;
      const counted = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).on('data', (chunk: Buffer) => {
        loaded += chunk.length;
        o.onProgress?.({ file, loaded, total });
      });
      try {
        await pipeline(counted, createWriteStream(part));
        renameSync(part, final);
      } finally {
        rmSync(part, { force: true });
      }
    }
  } catch (err) {
    throw err instanceof UserError ? err : downloadError(o.modelId, o.dtype, target, o.hub.endpoint, err);
  } finally {
    o.onProgress?.({ file: '', loaded: 0, total: 0, finished: true });
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
