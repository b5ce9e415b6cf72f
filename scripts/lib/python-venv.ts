/**
 * The Python side of the development tooling (reference vectors, quality anchors, peers) runs in its own
 * venv, python/.venv, created from python/requirements.txt on first use and again whenever that file
 * changes. Never needed by paperscope itself.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PYTHON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'python');
const VENV = path.join(PYTHON_DIR, '.venv');
const REQUIREMENTS = path.join(PYTHON_DIR, 'requirements.txt');
const STAMP = path.join(VENV, 'paperscope-requirements.sha256');

/** The venv's python, after creating or updating the venv when requirements.txt changed. */
export async function ensurePythonVenv(log: (line: string) => void): Promise<string> {
  const python = path.join(VENV, 'bin', 'python');
  const wanted = createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
  if (fs.existsSync(python) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === wanted) return python;
  log(`setting up ${path.relative(process.cwd(), VENV)} from python/requirements.txt (first run: a few minutes, ~4 GB with torch)`);
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
