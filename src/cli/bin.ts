#!/usr/bin/env node
/** The `paperscope` executable: runs the CLI on this process's arguments and exits with its code. */
import { main } from './main.js';

// `paperscope parse big.jsonl | head`: the reader went away; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await main(process.argv);
