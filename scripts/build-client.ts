/**
 * Bundles the report's page script: src/report/client/main.ts and every module it imports, into one
 * browser script at dist/report/client.js (src/report/page/script.ts reads it). Part of `npm run build`;
 * a broken import or a syntax error fails the build instead of a report.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_ENTRY = join(ROOT, 'src', 'report', 'client', 'main.ts');
export const CLIENT_BUNDLE = join(ROOT, 'dist', 'report', 'client.js');

export async function bundleClient(): Promise<void> {
  await build({
    entryPoints: [CLIENT_ENTRY],
    outfile: CLIENT_BUNDLE,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // The same language level tsconfig.json compiles to (and the page script had before it was bundled).
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleClient();
