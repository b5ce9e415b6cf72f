import type { OpenIndexOptions, Paperscope } from '../api.js';
import type { ParseOptions } from '../corpus/index.js';
import { UserError } from '../errors.js';
import { parseYearRange, type SearchFilters } from '../search/filters.js';
import { Progress } from './progress.js';

/** The parsed values of the option groups in options.ts, as commander hands them over. */
export interface CommonFlags {
  index: string;
  model?: string;
  dtype?: 'q8' | 'fp32';
  models?: string;
  offline?: boolean;
  json?: boolean;
  format?: ParseOptions['format'];
  map?: string[];
  listingYear?: number;
  strict?: boolean;
  year?: string;
  category?: string[];
  author?: string[];
  hasCode?: boolean;
  theme?: number;
}

/** The library handle for a command; the API module is imported only when a command runs. */
export async function indexFrom(flags: CommonFlags, extra: Partial<OpenIndexOptions> = {}): Promise<Paperscope> {
  const { openIndex } = await import('../api.js');
  const download = new Progress('downloading model', 'bytes');
  return openIndex({
    dir: flags.index,
    modelsDir: flags.models,
    offline: flags.offline ? true : undefined,
    onDownload: (p) => (p.finished ? download.stop() : download.update(p.loaded, p.total, p.file)),
    ...extra,
  });
}

export function parseOptionsFrom(flags: CommonFlags): ParseOptions {
  return { format: flags.format, fieldMap: fieldMapFrom(flags.map), listingYear: flags.listingYear, strict: flags.strict };
}

function fieldMapFrom(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new UserError(`bad --map "${pair}"`, 'write it as field=column, e.g. --map abstract=summary');
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return map;
}

export function filtersFrom(flags: CommonFlags): SearchFilters {
  return {
    ...(flags.year ? parseYearRange(flags.year) : {}),
    categories: flags.category,
    authors: flags.author,
    hasCode: flags.hasCode ? true : undefined,
    theme: flags.theme,
  };
}
