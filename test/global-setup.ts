import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleClient, CLIENT_BUNDLE } from '../scripts/build-client.js';
import { makeTestModel } from '../scripts/make-test-model.js';
import { writeTinyStaticModel } from '../scripts/model/static-model.js';
import { CLI, PROJECT_ROOT, TEST_MODELS_DIR, TINY_MODEL_ID, TINY_STATIC_ID } from './helpers/paths.js';

/**
 * Once per test run: build as `npm run build` does when the sources are newer than the build (tests that
 * spawn the CLI run the real `dist/cli/bin.js`, as users do, and every report inlines the page script
 * bundle), and generate the tiny test models (a BERT and a static model) that stand in for hub models, loaded through the real code path.
 */
export default async function setup(): Promise<void> {
  if (!existsSync(CLI) || !existsSync(CLIENT_BUNDLE) || newestMtime(join(PROJECT_ROOT, 'src')) > statSync(CLI).mtimeMs) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    } catch {
      // Type errors still emit JavaScript; `npm test` reports them through its own `tsc --noEmit`.
    }
    await bundleClient();
  }
  rmSync(TEST_MODELS_DIR, { recursive: true, force: true });
  await makeTestModel({ size: 'tiny', outDir: TEST_MODELS_DIR, id: TINY_MODEL_ID });
  await writeTinyStaticModel(join(TEST_MODELS_DIR, ...TINY_STATIC_ID.split('/')));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
