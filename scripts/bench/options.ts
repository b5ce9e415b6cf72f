/** Command-line options and the sizes each mode runs at. */
import { resolve } from 'node:path';
import { SECTIONS, type Section } from './report.js';
import { DEFAULT_MODELS_DIR, RESULTS_DIR } from './paths.js';

export interface Sizes {
  /** Real abstracts embedded by paperscope and raw onnxruntime (and ingested end to end). */
  embedDocs: number;
  /** Texts the one-at-a-time transformers.js pipeline embeds (it is slow). */
  naiveDocs: number;
  /** Papers of the big index (synthetic vectors); 0 = the whole 35k file. */
  corpusPapers: number;
  /** Synthetic vectors of the large HNSW run. */
  hnswLarge: number;
  /** Held-out queries for recall and latency. */
  queries: number;
  /** Timed runs per CLI command (the median is reported), after one warm-up run. */
  commandRuns: number;
}

export const FULL_SIZES: Sizes = { embedDocs: 2000, naiveDocs: 300, corpusPapers: 0, hnswLarge: 200_000, queries: 500, commandRuns: 5 };
export const QUICK_SIZES: Sizes = { embedDocs: 96, naiveDocs: 24, corpusPapers: 3000, hnswLarge: 20_000, queries: 100, commandRuns: 2 };

export interface BenchOptions {
  quick: boolean;
  only: Set<Section>;
  sizes: Sizes;
  modelsDir: string;
  outFile: string;
  keepTemp: boolean;
}

const USAGE = `Usage: npm run bench -- [--quick] [--only <section,...>] [--models <dir>] [--out <file>] [--keep-temp]

  --quick           small sizes: a smoke run in a minute or two (targets are indicative only)
  --only <list>     run only these sections: ${SECTIONS.join(', ')}
  --models <dir>    where the MiniLM-shaped benchmark model lives (generated if missing; default bench-results/models)
  --out <file>      the JSON results (default bench-results/bench.json)
  --keep-temp       keep the temporary folder (indexes, subsets) for inspection`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  let quick = false;
  let only = new Set<Section>(SECTIONS);
  let modelsDir = DEFAULT_MODELS_DIR;
  let outFile = resolve(RESULTS_DIR, 'bench.json');
  let keepTemp = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--only') {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0) throw new Error(`unknown section(s) ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`);
      only = new Set(names as Section[]);
    } else if (arg === '--models') modelsDir = resolve(value());
    else if (arg === '--out') outFile = resolve(value());
    else if (arg === '--keep-temp') keepTemp = true;
    else if (arg === '--help' || arg === '-h') return 'help';
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return { quick, only, sizes: quick ? QUICK_SIZES : FULL_SIZES, modelsDir, outFile, keepTemp };
}

export { USAGE };
