/**
 * The shape DESIGN.md describes, checked: calls flow one way (no import cycle in src/, type-only and
 * dynamic imports included; folders import only the folders below them), the environment is read in one
 * module, and only the CLI may end the process.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/paths.js';

const SRC = join(PROJECT_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const rel = (f: string) => relative(SRC, f);

/** Every module a file imports: `import`, `import type`, `export ... from`, and `import('...')`. */
function importsOf(file: string): string[] {
  const found = new Set<string>();
  const source = text.get(file)!;
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    found.add(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
  }
  return [...found].filter((f) => text.has(f));
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** The cycles of the graph, each as a path that ends where it starts (Tarjan's strongly connected components). */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.map(rel));
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

/** Top folders from the bottom up: each may import only from itself and the ones before it. */
const LAYERS = [
  ['errors.ts', 'serial.ts', 'system.ts', 'atomic-write.ts', 'settings.ts'],
  ['corpus', 'embed', 'themes', 'vectors'],
  ['store'],
  ['search', 'report', 'eval'],
  ['options'],
  ['app'],
  ['api.ts'],
  ['cli'],
];

function layerOf(file: string): number {
  const top = rel(file).split('/')[0];
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`src/${rel(file)} belongs to no layer of the architecture test: add its folder to LAYERS`);
  return layer;
}

describe('the shape of src/', () => {
  it('has no import cycle, counting type-only and dynamic imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(cycles()).toEqual([]);
  });

  it('has calls flowing one way: a folder imports only from the folders below it', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) if (layerOf(target) > layerOf(file)) upward.push(`${rel(file)} -> ${rel(target)}`);
    }
    expect(upward).toEqual([]);
  });

  it('keeps the storage adapter behind its port: only store/ and the place that opens a store import store/sqlite/', () => {
    const reaching = [...graph].flatMap(([file, imports]) =>
      rel(file).startsWith('store/') ? [] : imports.filter((t) => rel(t).startsWith('store/sqlite/')).map((t) => `${rel(file)} -> ${rel(t)}`),
    );
    expect(reaching).toEqual([]);
  });

  it('loads the parsers, the report and the evaluation only when a call needs them (info and search start in ~0.13 s, not ~0.3 s)', () => {
    const staticImports = [...text.get(join(SRC, 'api.ts'))!.matchAll(/^import (?!type)[^;]*?from '([^']+)'/gm)].map((m) => m[1]);
    expect(staticImports.filter((spec) => /app\/(ingest|report|eval|parse)\.js$/.test(spec))).toEqual([]);
  });

  it('reads the environment in settings.ts alone, and ends the process only in the CLI', () => {
    const readsEnv = files.filter((f) => /process\.env\b/.test(text.get(f)!) && rel(f) !== 'settings.ts' && !rel(f).startsWith('cli/'));
    expect(readsEnv.map(rel)).toEqual([]);
    const cliEnv = files.filter((f) => rel(f).startsWith('cli/') && /process\.env\b/.test(text.get(f)!)).map(rel);
    expect(cliEnv).toEqual(['cli/terminal.ts']); // handed to the library as the terminal's environment
    const exits = files.filter((f) => /process\.exit\(/.test(text.get(f)!) && !rel(f).startsWith('cli/'));
    expect(exits.map(rel)).toEqual([]);
  });
});
