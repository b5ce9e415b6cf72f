/**
 * Removes what is not prose from titles and abstracts before counting words: LaTeX math and
 * commands, HTML/JATS tags and entities, URLs, and diacritics. Removed spans become ' ; ' when they
 * stood between words, so no bigram is formed across a formula or a link.
 */

const BREAK = ' ; ';

const MATH_DISPLAY = /\$\$[\s\S]*?\$\$/g;
// Bounded so that a lone "$5" cannot swallow a whole abstract up to the next dollar sign.
const MATH_INLINE = /\$[^$]{0,400}\$/g;
const MATH_PAREN = /\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/g;
const MATH_ENVIRONMENT = /\\begin\{(equation|align|eqnarray|gather|multline|math|displaymath)(\*?)\}[\s\S]*?\\end\{\1\2\}/g;
const DROPPED_COMMAND_WITH_ARGUMENT = /\\(?:cite[a-z]*|[a-z]*ref|label|url|footnote|includegraphics)\*?(?:\[[^\]]*\])?\{[^}]*\}/gi;
const HREF = /\\href\{[^}]*\}\{([^}]*)\}/g;
// \"o, \'{e}, \c{c}: keep the letter (diacritics are dropped below anyway).
const ACCENT_COMMAND = /\\(?:['"`^~=.]|[cvuHk](?=\{))\{?([a-zA-Z])\}?/g;
const ESCAPED_SPECIAL = /\\[%&_#$]/g;
const COMMAND = /\\[a-zA-Z]+\*?|\\\\/g;
const BRACES = /[{}]/g;
const TAG = /<\/?[a-zA-Z][^<>]{0,200}>/g;
const ENTITY = /&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const EMAIL = /\S+@\S+\.\S+/g;
const COMBINING_MARK = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;

export function stripMarkup(text: string): string {
  // Each step only when its trigger character is present: most abstracts are plain ASCII prose, and
  // running every scan on every abstract showed up in the keyword profile (the e-mail pattern most).
  let out = text;
  if (out.includes('://') || out.includes('www.')) out = out.replace(URL, BREAK);
  if (out.includes('@')) out = out.replace(EMAIL, BREAK);
  if (out.includes('\\') || out.includes('$')) {
    out = out
      // Escaped characters first, so that "\$5 ... \$10" is not taken for a formula.
      .replace(ESCAPED_SPECIAL, BREAK)
      .replace(MATH_ENVIRONMENT, BREAK)
      .replace(MATH_DISPLAY, BREAK)
      .replace(MATH_INLINE, BREAK)
      .replace(MATH_PAREN, BREAK)
      .replace(HREF, ' $1 ')
      .replace(DROPPED_COMMAND_WITH_ARGUMENT, BREAK)
      .replace(ACCENT_COMMAND, '$1')
      .replace(COMMAND, ' ')
      .replace(BRACES, '')
      .replace(/~/g, ' ');
  }
  if (out.includes('<') || out.includes('&')) out = out.replace(TAG, ' ').replace(ENTITY, ' ');
  if (NON_ASCII.test(out)) out = out.normalize('NFKD').replace(COMBINING_MARK, '');
  return out;
}
