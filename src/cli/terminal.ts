import type { Environment } from '../settings.js';

/**
 * Where the CLI writes and what it runs in: results to stdout, progress and notes to stderr, the
 * environment the library reads its settings from. The real one wraps the process; tests pass their
 * own to run the program in process.
 */
export interface Terminal {
  /** Text as is to stdout. */
  stdout(text: string): void;
  /** Text as is to stderr. */
  stderr(text: string): void;
  /** The stream progress bars draw on, when stderr is a terminal (undefined: no bars, no ETA counting). */
  readonly progressStream?: NodeJS.WritableStream;
  /** Width of the terminal for tables of results (undefined: not a terminal). */
  readonly columns?: number;
  readonly env: Environment;
}

export function processTerminal(): Terminal {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progressStream: process.stderr.isTTY ? process.stderr : undefined,
    columns: process.stdout.columns,
    env: process.env,
  };
}
