import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, TEST_MODELS_DIR } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

/** Starts the built CLI as a user would, offline, against the tiny test model's folder. */
export function startCli(args: string[], opts: CliOptions = {}): ChildProcessWithoutNullStreams {
  const env: Record<string, string | undefined> = { ...process.env, PAPERSCOPE_MODELS: TEST_MODELS_DIR, PAPERSCOPE_OFFLINE: '1', ...opts.env };
  if (!opts.env?.PAPERSCOPE_INDEX) delete env.PAPERSCOPE_INDEX;
  return spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env });
}

/** Runs the CLI to completion and collects what it printed. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return collect(startCli(args, opts), opts.input);
}

export function collect(child: ChildProcessWithoutNullStreams, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

export function tempDir(prefix = 'paperscope-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Parses stdout of a `--json` command, failing with the output when it is not JSON. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}
