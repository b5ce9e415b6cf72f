/**
 * Every option paperscope takes, each declared once, and the lists each use case takes (the library's
 * methods and the CLI's commands use the same lists). Defaults live here and nowhere else.
 */
import { FORMATS } from '../corpus/paper.js';
import { resolveFieldMap } from '../corpus/fields.js';
import { DEFAULT_BATCH_SIZE } from '../embed/embedder.js';
import { DTYPES } from '../embed/registry.js';
import { isUserError } from '../errors.js';
import { REPORT_FORMATS } from '../report/model.js';
import { SEARCH_MODES } from '../search/search.js';
import { DEFAULT_SEED } from '../themes/random.js';
import { fieldMap, fraction, oneOf, onOff, repeated, someOf, text, kRange, themeRef, wholeNumber, yearRange } from './kinds.js';
import { option } from './spec.js';

// Opening an index

export const INDEX = option({ name: 'dir', flags: '--index <dir>', help: 'index directory, or a postgresql:// URI for a shared index on a server', value: text, defaultText: 'PAPERSCOPE_INDEX, else ./index' });
export const MODELS_DIR = option({
  name: 'modelsDir',
  flags: '--models <dir>',
  help: 'model cache directory',
  value: text,
  defaultText: 'PAPERSCOPE_MODELS, else the models/ folder of a paperscope checkout, or ~/.cache/paperscope/models when installed as a package',
});
export const OFFLINE = option({ name: 'offline', flags: '--offline', help: 'never touch the network', value: onOff, defaultText: 'PAPERSCOPE_OFFLINE' });
export const BATCH_SIZE = option({ name: 'batchSize', flags: '--batch-size <n>', help: 'texts per forward pass when embedding', value: wholeNumber({ min: 1 }), default: DEFAULT_BATCH_SIZE });
export const THREADS = option({ name: 'threads', help: 'threads for inference and the report\'s neighbour search', value: wholeNumber({ min: 1 }), defaultText: 'PAPERSCOPE_THREADS, else every core' });

// Models

export const MODEL = option({ name: 'model', flags: '--model <id>', help: 'sentence model (a Hugging Face hub id)', value: text, defaultText: "the index's model; Xenova/all-MiniLM-L6-v2 for a new index" });
export const DTYPE = option({ name: 'dtype', flags: '--dtype <dtype>', help: 'model weights (q8: about 2x faster on CPU, 4x smaller)', value: oneOf(DTYPES), defaultText: "the index's; q8 for a new index" });

// Reading files

export const FORMAT = option({ name: 'format', flags: '--format <format>', help: 'force the input format instead of detecting it', value: oneOf(FORMATS) });
export const FIELD_MAP = option({
  name: 'fieldMap',
  flags: '--map <field=column>',
  help: 'read a paper field from another column, e.g. --map abstract=Summary (repeatable)',
  value: fieldMap((field, column) => {
    try {
      resolveFieldMap({ [field]: column });
      return undefined;
    } catch (err) {
      if (isUserError(err)) return `${err.message}${err.hint ? ` ${err.hint}` : ''}`;
      throw err;
    }
  }),
});
export const LISTING_YEAR = option({ name: 'listingYear', flags: '--listing-year <year>', help: 'year for listing dates written without one', value: wholeNumber({ min: 1 }), defaultText: 'this year' });
export const STRICT = option({ name: 'strict', flags: '--strict', help: 'a record without title or abstract is an error, not a skip', value: onOff });
export const PARSE_LIMIT = option({ name: 'limit', flags: '--limit <n>', help: 'stop after n papers', value: wholeNumber({ min: 1 }) });

// Searching

export const K = option({ name: 'k', flags: '-k, --k <n>', help: 'number of results', value: wholeNumber({ min: 1 }), default: 10 });
export const MODE = option({ name: 'mode', flags: '--mode <mode>', help: 'how to match', value: oneOf(SEARCH_MODES), default: 'hybrid' as const });
export const YEAR = option({ name: 'year', flags: '--year <range>', help: 'only papers from these years: 2024, 2023..2025, 2023.., ..2020', value: yearRange });
export const CATEGORIES = option({ name: 'categories', flags: '--category <cat>', help: 'only papers in this category, e.g. cs.LG or cs.* (repeatable: any of them)', value: repeated(text) });
export const AUTHORS = option({ name: 'authors', flags: '--author <name>', help: 'only papers with an author matching this text (repeatable: all of them)', value: repeated(text) });
export const HAS_CODE = option({ name: 'hasCode', flags: '--has-code', help: 'only papers with code available', value: onOff });
export const THEME = option({ name: 'theme', flags: '--theme <id>', help: 'only papers of this theme (3) or sub-theme (3.1) (see paperscope themes)', value: themeRef });

// Themes

export const THEME_K = option({ name: 'k', flags: '--k <n>', help: 'number of themes', value: wholeNumber({ min: 1 }), defaultText: 'chosen by silhouette', conflicts: ['kRange'] });
export const K_RANGE = option({ name: 'kRange', flags: '--k-range <a..b>', help: 'range of k to choose from, e.g. 4..30', value: kRange, defaultText: '2..sqrt(n/2), at most 30', conflicts: ['k'] });
export const THEME_SEED = option({ name: 'seed', flags: '--seed <n>', help: 'random seed (same papers + seed = same themes)', value: wholeNumber({ min: 0 }), defaultText: `${DEFAULT_SEED}` });
export const REFRESH = option({ name: 'refresh', flags: '--refresh', help: 'recompute (after papers were added or removed), keeping the stored k, range and seed unless given', value: onOff });
export const OVER_TIME = option({ name: 'overTime', flags: '--over-time', help: "each theme's share of each month's papers (years beyond five years), with the themes that grew or shrank most over the last year", value: onOff });
export const SUBTHEMES_OVER_TIME = option({ name: 'overTime', flags: '--over-time', help: "each sub-theme's share of the theme's papers of each month (years beyond five years), with the sub-themes that grew or shrank most over the last year", value: onOff });
export const DEPTH = option({ name: 'depth', flags: '--depth <n>', help: 'levels to list: 1 for themes only, 2 with their sub-themes', value: wholeNumber({ min: 1, max: 2 }), default: 2 });
export const THEME_LIMIT = option({ name: 'limit', flags: '--limit <n>', help: 'papers to list', value: wholeNumber({ min: 1 }), default: 50 });

// Reports

export const OUT = option({ name: 'out', flags: '--out <file>', help: 'where to write it (- for stdout)', value: text, defaultText: 'report.html (in code: nothing is written, the content is returned)' });
export const REPORT_FORMAT = option({ name: 'format', flags: '--format <format>', help: 'report format', value: oneOf(REPORT_FORMATS), defaultText: 'from the --out extension, else html' });
/** The neighbours listed per paper; the map's own graph uses 15 whatever is listed. */
export const MAX_NEIGHBORS = 50;
export const NEIGHBORS = option({ name: 'neighbors', flags: '--neighbors <n>', help: 'nearest papers listed per paper', value: wholeNumber({ min: 1, max: MAX_NEIGHBORS }), default: 5 });
export const DUP_THRESHOLD = option({ name: 'dupThreshold', flags: '--dup-threshold <x>', help: 'similarity from which two papers count as near-duplicates', value: fraction, default: 0.95 });
/** About 30 MB of HTML and 3 GB of memory at 35,000 papers (UMAP on all of them): more is a sample. */
export const MAX_REPORT_PAPERS = option({
  name: 'maxPapers',
  flags: '--max-papers <n>',
  help: 'papers shown; a larger index is shown as a sample of this many, each theme in proportion to its size',
  value: wholeNumber({ min: 100 }),
  default: 50_000,
});
export const MAP_SEED = option({ name: 'seed', flags: '--seed <n>', help: 'seed of the map layout (same index + seed = same map)', value: wholeNumber({ min: 0 }), default: DEFAULT_SEED });

// Evaluation

export const BEIR = option({ name: 'beir', flags: '--beir <dir>', help: 'folder with corpus.jsonl, queries.jsonl and qrels/<split>.tsv', value: text, required: true });
export const EVAL_MODES = option({ name: 'modes', flags: '--mode <modes>', help: 'search modes to score, comma-separated', value: someOf(SEARCH_MODES), default: [...SEARCH_MODES] });
export const SPLIT = option({ name: 'split', flags: '--split <name>', help: 'qrels file to use (qrels/<split>.tsv)', value: text, default: 'test' });
export const EVAL_INDEX = option({ name: 'dir', flags: '--index <dir>', help: 'index to build from the corpus (a directory or a postgresql:// URI)', value: text, defaultText: '<beir dir>/.paperscope-index' });

// Output (command line only)

export const JSON_OUTPUT = option({ name: 'json', flags: '--json', help: 'print JSON (a stable shape documented in the README)', value: onOff });

// What each use case takes

export const OPEN_OPTIONS = [INDEX, MODELS_DIR, OFFLINE, BATCH_SIZE, THREADS] as const;
export const MODEL_OPTIONS = [MODEL, DTYPE] as const;
export const PARSE_OPTIONS = [FORMAT, FIELD_MAP, LISTING_YEAR, STRICT] as const;
export const FILTER_OPTIONS = [YEAR, CATEGORIES, AUTHORS, HAS_CODE, THEME] as const;
export const SEARCH_OPTIONS = [K, MODE, ...MODEL_OPTIONS] as const;
export const SIMILAR_OPTIONS = [K] as const;
export const THEMES_OPTIONS = [THEME_K, K_RANGE, THEME_SEED, REFRESH] as const;
export const THEME_OPTIONS = [THEME_LIMIT] as const;
export const REPORT_OPTIONS = [OUT, REPORT_FORMAT, NEIGHBORS, DUP_THRESHOLD, MAX_REPORT_PAPERS, MAP_SEED] as const;
export const EVAL_OPTIONS = [BEIR, EVAL_MODES, SPLIT, ...MODEL_OPTIONS] as const;
