import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Terminal } from '../../src/cli/terminal.js';
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
  /** Run the built CLI in a child process, as a user does (implied by `cwd` and `input`). */
  spawn?: boolean;
}

/** The environment every test runs the CLI in: offline, against the tiny test model's folder, no ambient index. */
function testEnv(extra: Record<string, string> | undefined): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, PAPERSCOPE_MODELS: TEST_MODELS_DIR, PAPERSCOPE_OFFLINE: '1', ...extra };
  if (!extra?.PAPERSCOPE_INDEX) delete env.PAPERSCOPE_INDEX;
  return env;
}

/** Starts the built CLI as a user would, offline, against the tiny test model's folder. */
export function startCli(args: string[], opts: CliOptions = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: testEnv(opts.env) });
}

/**
 * Runs the CLI to completion and collects what it printed: in this process (the program's `main` with a
 * terminal that records), or in a child process when the test needs one (a working directory, stdin, the
 * compiled worker thread, signals).
 */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  if (opts.spawn || opts.cwd !== undefined || opts.input !== undefined) return collect(startCli(args, opts), opts.input);
  return runInProcess(args, opts.env);
}

async function runInProcess(args: string[], env: Record<string, string> | undefined): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const term: Terminal = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: testEnv(env) };
  const code = await main(['node', 'paperscope', ...args], term);
  return { code, stdout, stderr };
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
