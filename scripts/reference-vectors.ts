/**
 * Writes test/fixtures/reference-vectors/all-MiniLM-L6-v2.json: sentence-transformers' own vectors for the
 * fixed texts beside it, which the real-model tests compare paperscope's with. Run it again only when the
 * texts change; the file is committed.
 */
import path from 'node:path';
import { isMainModule, runMain } from './lib/cli.js';
import { ensurePythonVenv, PYTHON_DIR, runPython } from './lib/python-venv.js';

async function main(): Promise<void> {
  const python = await ensurePythonVenv((line) => console.error(line));
  await runPython(python, [path.join(PYTHON_DIR, 'reference_vectors.py')], { env: { HF_HUB_OFFLINE: '1' } });
}

if (isMainModule(import.meta.url)) runMain('reference-vectors', 'Usage: npm run reference-vectors', main);
