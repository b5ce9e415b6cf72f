import { CommanderError } from 'commander';
import { asUserError, isUserError } from '../errors.js';
import { buildProgram } from './program.js';
import { processTerminal, type Terminal } from './terminal.js';

/**
 * Runs the CLI on `argv` (as process.argv: node, script, arguments) and returns its exit code. Nothing
 * happens on import; src/cli/bin.ts is the executable, and tests call this in process with their own
 * terminal.
 */
export async function main(argv: string[], term: Terminal = processTerminal()): Promise<number> {
  let code = 0;
  try {
    await buildProgram(term, (c) => (code = c)).parseAsync(argv);
    return code;
  } catch (err) {
    return reportError(err, term);
  }
}

/**
 * Exit codes: 0 success, 1 a problem with the input or the index, 2 bad usage, 70 a bug. A user's
 * mistake is one or two lines, no stack; a bug prints the stack, so it can be reported.
 */
function reportError(caught: unknown, term: Terminal): number {
  const err = asUserError(caught);
  if (err instanceof CommanderError) {
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    // Commander has printed its own errors; ours (UsageError) are printed here.
    if (err.code === 'paperscope.usage') term.stderr(`paperscope: ${err.message.replace(/^error: /, '')}\n`);
    return 2;
  }
  if (isUserError(err)) {
    term.stderr(`paperscope: ${err.message}\n${err.hint ? `  ${err.hint}\n` : ''}`);
    return 1;
  }
  term.stderr(`paperscope: internal error (please report it)\n${(err as Error)?.stack ?? String(err)}\n`);
  return 70;
}
