/**
 * JSON that can sit inside <script type="application/json">: the characters that could end the
 * script element or open a comment (`<`, `>`, `&`) and the two line separators JavaScript once
 * treated as newlines are written as \u escapes. JSON.parse reads them back unchanged, and a
 * `</script>` inside an abstract can no longer close the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for HTML element content or a double-quoted attribute (the only kind the template uses). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
