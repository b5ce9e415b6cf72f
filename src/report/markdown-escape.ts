/**
 * Paper text made inert for Markdown: characters that start emphasis, links, code, tables, math
 * or raw HTML are escaped, and whitespace (newlines included) collapses to single spaces so text
 * cannot end a list item or a table row. `<`, `>` and `&` become entities, which every renderer
 * shows literally, so a scraped `<script>` stays text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()#+!|~$]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** A Markdown link to a web URL; the characters that would end the destination are percent-encoded. */
export function markdownLink(text: string, url: string | undefined): string {
  if (!url || !/^https?:\/\//i.test(url)) return text;
  const safe = url.replace(/[\s()<>\\"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${text}](${safe})`;
}
