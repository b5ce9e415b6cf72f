import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'bin.js');
export const RESULTS_DIR = join(PROJECT_ROOT, 'bench-results');
export const DEFAULT_MODELS_DIR = join(RESULTS_DIR, 'models');
export const MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
