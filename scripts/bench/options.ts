/** Command-line options and the sizes each mode runs at. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
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
  /** Synthetic papers of the large index the PostgreSQL section compares (beside the big index). */
  pgLarge: number;
  /** Searches of each kind (and similar calls) per index in the PostgreSQL section. */
  pgQueries: number;
  /** Papers the concurrent writers share: with synthetic vectors, and through the CLI with the model. */
  pgWriterPapers: number;
  pgWriterEmbedPapers: number;
}

export const FULL_SIZES: Sizes = {
  embedDocs: 2000,
  naiveDocs: 300,
  corpusPapers: 0,
  hnswLarge: 200_000,
  queries: 500,
  commandRuns: 5,
  pgLarge: 200_000,
  pgQueries: 200,
  pgWriterPapers: 9000,
  pgWriterEmbedPapers: 600,
};
export const QUICK_SIZES: Sizes = {
  embedDocs: 96,
  naiveDocs: 24,
  corpusPapers: 3000,
  hnswLarge: 20_000,
  queries: 100,
  commandRuns: 2,
  pgLarge: 10_000,
  pgQueries: 30,
  pgWriterPapers: 900,
  pgWriterEmbedPapers: 60,
};

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

/** `--help` gives 'help'; an unknown option or a missing value throws with the usage text. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        models: { type: 'string', default: DEFAULT_MODELS_DIR },
        out: { type: 'string', default: resolve(RESULTS_DIR, 'bench.json') },
        'keep-temp': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) return 'help';
  return {
    quick: values.quick,
    only: values.only === undefined ? new Set<Section>(SECTIONS) : sectionsFrom(values.only),
    sizes: values.quick ? QUICK_SIZES : FULL_SIZES,
    modelsDir: resolve(values.models),
    outFile: resolve(values.out),
    keepTemp: values['keep-temp'],
  };
}

function sectionsFrom(list: string): Set<Section> {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new Error(`unknown section(s) ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`);
  return new Set(names as Section[]);
}

export { USAGE };
