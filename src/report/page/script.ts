import { readFileSync } from 'node:fs';

/**
 * The bundle scripts/build-client.ts writes at build time. The same relative URL works from
 * src/report/page/ (tests run the sources) and from dist/report/page/ (the package), since both sit
 * three folders below the package root.
 */
const BUNDLE = new URL('../../../dist/report/client.js', import.meta.url);

let script: string | undefined;

/** The report page's script, read once. A missing bundle is a broken build, not the user's mistake. */
export function pageScript(): string {
  if (script === undefined) {
    try {
      script = readFileSync(BUNDLE, 'utf8').trimEnd();
    } catch (err) {
      throw new Error(`the report page script ${BUNDLE.pathname} is missing: run npm run build (${(err as Error).message})`);
    }
  }
  return script;
}
