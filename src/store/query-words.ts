/**
 * The words of a query as lexical search and snippets see them: runs of letters and digits, lower-cased,
 * deduplicated; at most 64, so a pasted abstract stays cheap.
 */
export function queryWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, 64);
}
