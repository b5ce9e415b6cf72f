/**
 * static-model: the fast-mode model for development, distilled from the real all-MiniLM-L6-v2 by model2vec
 * (python/make_static_model.py, in python/.venv), written as `<out>/paperscope-dev/all-MiniLM-L6-v2-static`
 * in the format of minishlab/potion-base-8M. Users download static models from the hub instead.
 *
 *   npm run static-model -- --out <modelsDir>
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainModule, runMain, UsageError } from './lib/cli.js';
import { ensurePythonVenv, PYTHON_DIR, runPython } from './lib/python-venv.js';

export const STATIC_DEV_MODEL = 'paperscope-dev/all-MiniLM-L6-v2-static';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, strict: true, options: { out: { type: 'string' } } });
  if (!values.out) throw new UsageError('--out <modelsDir> is required');
  const python = await ensurePythonVenv((line) => console.error(line));
  const target = path.join(path.resolve(values.out), ...STATIC_DEV_MODEL.split('/'));
  await runPython(python, [path.join(PYTHON_DIR, 'make_static_model.py'), '--out', target], { env: { HF_HUB_OFFLINE: '1' } });
}

if (isMainModule(import.meta.url)) runMain('static-model', 'Usage: npm run static-model -- --out <modelsDir>', main);
