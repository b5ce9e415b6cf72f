import { readCorpus, type CorpusSummary } from '../corpus/index.js';
import { PARSE_LIMIT, PARSE_OPTIONS } from '../options/catalog.js';
import { definedOnly, resolveOptions, type OptionValues } from '../options/spec.js';
import type { Settings } from '../settings.js';

const OPTIONS = [...PARSE_OPTIONS, PARSE_LIMIT] as const;
export type ParseFilesOptions = OptionValues<typeof OPTIONS>;

/** Reads files completely, as ingest would (no embedding): papers, duplicates merged, skips with reasons. */
export function parseFiles(settings: Pick<Settings, 'gunzipLimit'>, files: string[], options: ParseFilesOptions = {}): Promise<CorpusSummary> {
  return readCorpus(files, { ...definedOnly(resolveOptions(OPTIONS, options)), maxDecompressedBytes: settings.gunzipLimit });
}
