/**
 * The Python side of the development tooling (reference vectors, quality anchors, peers) runs in venvs of
 * its own, created from pinned requirements on first use and again whenever that file changes. Never
 * needed by paperscope itself.
 *   main  python/.venv from python/requirements.txt (sentence-transformers 6, BERTopic, bm25s, FAISS, ...)
 *   onnx  python/.venv-onnx from python/requirements-onnx.txt: sentence-transformers' ONNX backend needs
 *         optimum-onnx, which needs transformers 4.x, which sentence-transformers 6 does not accept; and
 *         fastembed, which needs huggingface-hub below 2.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PYTHON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'python');
const VENVS = {
  main: { dir: '.venv', requirements: 'requirements.txt' },
  onnx: { dir: '.venv-onnx', requirements: 'requirements-onnx.txt' },
} as const;
export type VenvName = keyof typeof VENVS;

/** The venv's python, after creating or updating the venv when its requirements file changed. */
export async function ensurePythonVenv(log: (line: string) => void, name: VenvName = 'main'): Promise<string> {
  const VENV = path.join(PYTHON_DIR, VENVS[name].dir);
  const REQUIREMENTS = path.join(PYTHON_DIR, VENVS[name].requirements);
  const STAMP = path.join(VENV, 'paperscope-requirements.sha256');
  const python = path.join(VENV, 'bin', 'python');
  const wanted = createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
  if (fs.existsSync(python) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === wanted) return python;
  log(`setting up ${path.relative(process.cwd(), VENV)} from python/${VENVS[name].requirements} (first run: a few minutes, ~4 GB with torch)`);
  if (!fs.existsSync(python)) await run(process.env.PYTHON ?? 'python3', ['-m', 'venv', VENV]);
  await runPython(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS]);
  fs.writeFileSync(STAMP, wanted + '\n');
  return python;
}

/** Runs a Python program with its output passed through; rejects with its exit code. */
export function runPython(python: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { stdio: 'inherit', env: { ...process.env, ...opts.env }, cwd: opts.cwd });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(python)} ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}
