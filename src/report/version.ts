import { readFileSync } from 'node:fs';

/** The package version, read from package.json two levels up (from src/report and from dist/report alike). */
export function paperscopeVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
