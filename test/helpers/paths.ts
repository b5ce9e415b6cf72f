import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEST_MODELS_DIR = join(PROJECT_ROOT, 'test-output', 'models');
export const TINY_MODEL_ID = 'paperscope-test/tiny-bert';
/** A static (model2vec) model with the tiny model's vocabulary. */
export const TINY_STATIC_ID = 'paperscope-test/tiny-static';
export const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'bin.js');
export const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures');
export const SAMPLE_CORPUS = join(PROJECT_ROOT, 'examples', 'sample-papers.jsonl');

/** Real data shared beside the project; tests that need it skip when it is absent (a fresh clone). */
export const SHARED_DATA = resolve(PROJECT_ROOT, '..', 'shared', 'data');
export const SHARED_LISTING_DIR = join(SHARED_DATA, 'listing');
export const SHARED_ARXIV = join(SHARED_DATA, 'arxiv', 'arxiv-cs-abstracts-35k.jsonl.gz');
export const hasSharedData = existsSync(SHARED_ARXIV);
