/** What every script's command line shares: --help, usage errors (exit 2), failures (exit 1). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class UsageError extends Error {}

/** True when the module at `moduleUrl` is the script node was started with (not imported by a test). */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fs.realpathSync(path.resolve(entry)) === fs.realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** node:util parseArgs reports unknown or malformed flags as TypeErrors with these codes. */
function isParseArgsError(e: unknown): e is Error {
  return e instanceof TypeError && String((e as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
}

export function runMain(name: string, usage: string, main: (argv: string[]) => Promise<void>): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return;
  }
  main(argv).then(
    () => undefined,
    (e: unknown) => {
      if (e instanceof UsageError || isParseArgsError(e)) {
        console.error(`${e.message}\n\n${usage}`);
        process.exitCode = 2;
      } else {
        console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
      }
    },
  );
}
