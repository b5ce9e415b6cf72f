import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { makeTestModel } from '../scripts/make-test-model.js';
import { PROJECT_ROOT, TEST_MODELS_DIR, TINY_MODEL_ID } from './helpers/paths.js';

/**
 * Once per test run: compile the CLI (end-to-end tests run the real `dist/cli/main.js`, as users do)
 * and generate the tiny test model that stands in for a hub model, loaded through the real code path.
 */
export default async function setup(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  rmSync(TEST_MODELS_DIR, { recursive: true, force: true });
  await makeTestModel({ size: 'tiny', outDir: TEST_MODELS_DIR, id: TINY_MODEL_ID });
}
