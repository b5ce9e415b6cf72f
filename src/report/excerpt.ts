/** About two to three sentences: enough to recognise a paper, small enough for 35k of them in one file. */
export const EXCERPT_CHARS = 300;

/** The start of an abstract, cut at a sentence end when one is near the limit, else at a word. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const head = clean.slice(0, max);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  if (sentenceEnd >= max * 0.6) return head.slice(0, sentenceEnd + 1);
  const space = head.lastIndexOf(' ');
  return `${(space >= max * 0.6 ? head.slice(0, space) : head.slice(0, max - 1)).replace(/[\s,;:]+$/, '')}…`;
}
