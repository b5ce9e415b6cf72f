/** Reading the files researchers have into clean Paper records. */
export type { FormatName, Paper, SourceRef } from './paper.js';
export type { ParseItem, ParseOptions, SkippedRecord } from './types.js';
export { parseFile, openFile, type OpenedFile } from './parse.js';
export { checkReadable } from './input.js';
export { detectFormat, formatFromName, FORMATS } from './detect.js';
export { readCorpus, MAX_SKIPS_KEPT, type CorpusSummary, type FileSummary } from './read-corpus.js';
export { mergePapers, reconcileStored, withId } from './merge.js';
export { Deduper } from './dedupe.js';
export { paperId, contentId, arxivIdFromField, arxivIdFromText, normalizeDoi } from './ids.js';
export { cleanText } from './text.js';
export { PAPER_FIELDS, type PaperField } from './fields.js';
