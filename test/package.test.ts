/**
 * The published package as a TypeScript user gets it: `npm pack`, unpacked into a fresh project with its
 * runtime dependencies and TypeScript, nothing else. Its types must compile with skipLibCheck off (so no
 * published .d.ts may reach for one of paperscope's devDependencies, better-sqlite3's types say), and the
 * library must run from there.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';
import { PROJECT_ROOT } from './helpers/paths.js';

let tmp: ReturnType<typeof tempDir>;
let project: string;

beforeAll(() => {
  tmp = tempDir('paperscope-package-');
  // The global setup has just built dist/; packing runs no script.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp.path], { cwd: PROJECT_ROOT, encoding: 'utf8' })) as { filename: string }[];
  project = join(tmp.path, 'consumer');
  const installed = join(project, 'node_modules', 'paperscope');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(tmp.path, packed.filename), '-C', installed, '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    const target = join(project, 'node_modules', dep);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules', dep), target, 'dir');
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, 120_000);
afterAll(() => tmp?.cleanup());

describe('the packed package', () => {
  it('has types that compile in a project with skipLibCheck off and no @types of its own', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023'], types: [] }, include: ['use.ts'] }),
    );
    writeFileSync(
      join(project, 'use.ts'),
      `import { evaluate, openIndex, OptionError, parse, UserError, type SearchResponse, type ReportModel, type ThemesOverview, type CorpusSummary } from 'paperscope';
const index = openIndex({ dir: './index', threads: 1 });
const found: Promise<SearchResponse> = index.search('graph neural networks', { k: 5, mode: 'dense', filters: { yearFrom: 2023, categories: ['cs.LG'] } });
const themes: Promise<ThemesOverview> = index.themes({ kRange: [4, 12], seed: 7 });
const report: Promise<ReportModel> = index.report({ format: 'json', neighbors: 5 }).then((r) => r.model);
const corpus: Promise<CorpusSummary> = parse(['papers.bib'], { fieldMap: { abstract: 'Summary' } });
const scores = evaluate({ beir: './scifact', modes: ['hybrid'] }).then((s) => s.scores[0].ndcg10);
const isOption = (e: unknown): boolean => e instanceof OptionError && e instanceof UserError && e.option.length > 0;
export { found, themes, report, corpus, scores, isOption };
`,
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  }, 120_000);

  it('runs: parse reads a file through the installed package', () => {
    writeFileSync(join(project, 'papers.jsonl'), `${JSON.stringify({ id: '2401.00001', title: 'A paper', abstract: 'An abstract long enough to be one.' })}\n`);
    writeFileSync(join(project, 'run.mjs'), `import { parse } from 'paperscope';\nconst c = await parse(['papers.jsonl']);\nconsole.log(JSON.stringify(c.papers.map((p) => p.id)));\n`);
    const out = execFileSync(process.execPath, ['run.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['2401.00001']);
  }, 60_000);
});
