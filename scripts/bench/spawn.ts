/** Running processes the way a user does, timing them and (on request) reading their peak RSS. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Spawn to exit, as the user waits for it. */
  seconds: number;
  /** Peak resident set size of the process, in bytes (when asked for). */
  maxRss?: number;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Measure peak RSS: with /usr/bin/time -f %M when present, else process.resourceUsage() from a preload. */
  maxRss?: boolean;
  /** Where scratch files go (the RSS report). */
  tmpDir: string;
  /** Pass the child's stderr through (progress of long runs). */
  inheritStderr?: boolean;
}

const TIME = '/usr/bin/time';

export function hasGnuTime(): boolean {
  return existsSync(TIME);
}

/** `node <args>` from the project root. */
export function runNode(args: string[], opts: RunOptions): RunResult {
  const rssFile = join(opts.tmpDir, `rss-${process.pid}-${Date.now()}.txt`);
  let command = process.execPath;
  let argv = args;
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]; // unset, not "undefined"
  if (opts.maxRss) {
    if (hasGnuTime()) {
      command = TIME;
      argv = ['-f', '%M', '-o', rssFile, process.execPath, ...args];
    } else {
      const preload = join(opts.tmpDir, 'report-maxrss.cjs');
      writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
      argv = ['--require', preload, ...args];
      env.BENCH_RSS_FILE = rssFile;
    }
  }
  const t0 = performance.now();
  const r = spawnSync(command, argv, {
    cwd: PROJECT_ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', opts.inheritStderr ? 'inherit' : 'pipe'],
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  let maxRss: number | undefined;
  if (opts.maxRss && existsSync(rssFile)) {
    // GNU time appends a status line when the command fails; the number is the last line (KB).
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb)) maxRss = kb * 1024;
    rmSync(rssFile, { force: true });
  }
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', seconds, maxRss };
}

/** Fails with the command's output when it did not exit 0. */
export function checkOk(r: RunResult, what: string): RunResult {
  if (r.code !== 0) throw new Error(`${what} exited with ${r.code}\nstdout: ${r.stdout.slice(-2000)}\nstderr: ${r.stderr.slice(-2000)}`);
  return r;
}

/** The last line of stdout that parses as JSON (children print progress before it). */
export function lastJson<T>(r: RunResult, what: string): T {
  const text = r.stdout.trim();
  try {
    return JSON.parse(text) as T;
  } catch {
    const line = text.split('\n').reverse().find((l) => l.startsWith('{'));
    if (line) return JSON.parse(line) as T;
    throw new Error(`${what} printed no JSON\nstdout: ${text.slice(-2000)}\nstderr: ${r.stderr.slice(-2000)}`);
  }
}
