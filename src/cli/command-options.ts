/** The options each command takes, from the one schema (src/options/catalog.ts). */
import {
  BATCH_SIZE,
  BEIR,
  DEPTH,
  OVER_TIME,
  EVAL_INDEX,
  EVAL_MODES,
  FILTER_OPTIONS,
  INDEX,
  JSON_OUTPUT,
  K,
  MODE,
  MODEL_OPTIONS,
  MODELS_DIR,
  OFFLINE,
  PARSE_LIMIT,
  PARSE_OPTIONS,
  REPORT_OPTIONS,
  SPLIT,
  SUBTHEMES_OVER_TIME,
  THEME_LIMIT,
  THEMES_OPTIONS,
} from '../options/catalog.js';

const MODEL_FLAGS = [...MODEL_OPTIONS, MODELS_DIR, OFFLINE] as const;

export const PARSE_COMMAND = [...PARSE_OPTIONS, PARSE_LIMIT, JSON_OUTPUT] as const;
export const INGEST_COMMAND = [INDEX, ...MODEL_FLAGS, ...PARSE_OPTIONS, BATCH_SIZE, JSON_OUTPUT] as const;
export const SEARCH_COMMAND = [INDEX, K, MODE, ...FILTER_OPTIONS, ...MODEL_FLAGS, JSON_OUTPUT] as const;
export const SIMILAR_COMMAND = [INDEX, K, ...FILTER_OPTIONS, JSON_OUTPUT] as const;
/** remove, info, reindex */
export const INDEX_COMMAND = [INDEX, JSON_OUTPUT] as const;
export const THEMES_COMMAND = [INDEX, ...THEMES_OPTIONS, DEPTH, OVER_TIME, JSON_OUTPUT] as const;
export const THEME_COMMAND = [INDEX, THEME_LIMIT, SUBTHEMES_OVER_TIME, JSON_OUTPUT] as const;
export const REPORT_COMMAND = [INDEX, ...REPORT_OPTIONS, JSON_OUTPUT] as const;
export const COPY_COMMAND = [JSON_OUTPUT] as const;
export const EVAL_COMMAND = [BEIR, EVAL_MODES, SPLIT, EVAL_INDEX, ...MODEL_FLAGS, JSON_OUTPUT] as const;
