import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Real-weight models written by `npm run real-models -- --out <dir>`: PAPERSCOPE_REAL_MODELS names the
 * folder (.ci/run sets it), else the development cache. Tests that judge meaning need them and skip,
 * saying so, when they are absent (a fresh clone without network).
 */
export const REAL_MODELS_DIR = process.env.PAPERSCOPE_REAL_MODELS || join(homedir(), '.cache', 'paperscope-dev', 'models');
export const REAL_MINILM = 'Xenova/all-MiniLM-L6-v2';

export function hasRealModel(id: string, file = 'onnx/model_quantized.onnx'): boolean {
  return existsSync(join(REAL_MODELS_DIR, ...id.split('/'), file));
}

/** Says once per test file why its real-weight tests are skipped, so a skip is never silent. */
export function warnIfMissing(id: string, what: string): boolean {
  const present = hasRealModel(id) && hasRealModel(id, 'onnx/model.onnx');
  if (!present) {
    console.warn(
      `SKIPPED ${what}: no real ${id} in ${REAL_MODELS_DIR} (run: npm run real-models -- --out ${REAL_MODELS_DIR}, or set PAPERSCOPE_REAL_MODELS)`,
    );
  }
  return present;
}
