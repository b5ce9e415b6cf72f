/**
 * What the words of a personal name look like. Used to tell author lists from titles where a source glues
 * them together, and to tell `Last, First` from `First Last, First Last`.
 */

/** Lower-case words that belong inside names: `Jean de la Fontaine`, `Ludwig van Beethoven`, `Ahmad bin Ali`. */
const PARTICLES = new Set([
  'de', 'del', 'della', 'der', 'den', 'des', 'di', 'da', 'das', 'do', 'dos', 'du', 'la', 'le', 'van', 'von',
  'y', 'e', 'bin', 'binti', 'bint', 'al', 'el', 'ibn', 'zu', 'ten', 'ter', 'te', 'op', "'t",
]);
const SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;

// A capitalised word, allowing apostrophes (O'Neil, D'Incà) and accents (María).
const CAPITALISED = String.raw`\p{Lu}\p{Ll}*(?:['’]\p{Lu}?\p{Ll}+)*`;
// Surnames with a capital inside: McDonald, MacKay, LeCun, DiCaprio, DeWitt, VanDyke, FitzGerald.
const PREFIXED = String.raw`(?:Mc|Mac|Le|La|De|Di|Da|Du|Van|Von|Fitz)\p{Lu}\p{Ll}+`;
const INITIALS = String.raw`\p{Lu}\.(?:-?\p{Lu}\.)*`;
const ALL_CAPS = String.raw`\p{Lu}{2,}`; // ZHANG Wei
const UNCASED = String.raw`\p{Lo}+`; // 张伟, names in scripts without letter case
const HYPHEN_PART = String.raw`-(?:${CAPITALISED}|\p{Ll}+|${INITIALS})`;

const NAME_WORD = new RegExp(`^(?:${PREFIXED}|${CAPITALISED}|${INITIALS}|${ALL_CAPS}|${UNCASED})(?:${HYPHEN_PART})*$`, 'u');

/** What a first name glued to the end of a title can look like: `Zhenyu`, `Xiao-Ming`, `J.`, `J.-P.`. */
const GIVEN_NAME = new RegExp(String.raw`^(?:\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)*|${INITIALS})$`, 'u');

/** Longer tokens are never name words; the check also keeps regex work small on huge tokens. */
const MAX_WORD = 40;

export function isParticle(word: string): boolean {
  return PARTICLES.has(word);
}

export function isNameWord(word: string): boolean {
  if (word.length === 0 || word.length > MAX_WORD) return false;
  return PARTICLES.has(word) || SUFFIX.test(word) || NAME_WORD.test(word);
}

export function isGivenName(word: string): boolean {
  return word.length <= MAX_WORD && GIVEN_NAME.test(word);
}

/** A whole author as a source lists it: one to six name words, starting with a capital (or an uncased script). */
export function looksLikePersonName(name: string): boolean {
  const words = name.split(' ');
  if (words.length === 0 || words.length > 6) return false;
  if (isParticle(words[0]) && words.length === 1) return false;
  return words.every(isNameWord);
}

export function isSuffix(word: string): boolean {
  return SUFFIX.test(word);
}

const INITIAL_WORD = new RegExp(`^(?:${INITIALS}|\\p{Lu}{1,3})$`, 'u');

/** `J.`, `J. R. R.`, `JRR`: given names written as initials only. */
export function isInitials(text: string): boolean {
  return text.split(/\s+/).every((w) => INITIAL_WORD.test(w));
}
