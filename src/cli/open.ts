import { openIndex, type Paperscope } from '../api.js';
import type { FILTER_OPTIONS, OPEN_OPTIONS } from '../options/catalog.js';
import { definedOnly, type OptionValues } from '../options/spec.js';
import type { SearchFilters } from '../store/records.js';
import { Progress } from './progress.js';
import type { Terminal } from './terminal.js';

/** The library handle for a command, reading its settings from the terminal's environment. */
export function indexFor({ dir, modelsDir, offline, batchSize }: OptionValues<typeof OPEN_OPTIONS>, term: Terminal): Paperscope {
  const download = new Progress(term, 'downloading model', 'bytes');
  return openIndex({ ...definedOnly({ dir, modelsDir, offline, batchSize }), env: term.env, onDownload: (p) => (p.finished ? download.stop() : download.update(p.loaded, p.total, p.file)) });
}

export function filtersFrom({ year, categories, authors, hasCode, theme }: OptionValues<typeof FILTER_OPTIONS>): SearchFilters {
  return definedOnly({ ...year, categories, authors, hasCode, theme: theme?.theme, subtheme: theme?.subtheme });
}
