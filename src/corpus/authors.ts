import { isInitials, isParticle, isSuffix } from './names.js';

/** Author names as `First Last`, and whether the source cut the list short (`et al.`, `and others`). */
export interface AuthorList {
  authors: string[];
  truncated: boolean;
}

const TRUNCATION = /^(?:et\.? al\.?|others|and others|\.\.\.|…)$/i;
const TRAILING_TRUNCATION = /(?:,?\s+|^)(?:et\.? al\.?|and others)\s*$/i;

/**
 * Authors from whatever a JSON or CSV source holds: an array of strings, of `{name}`-like objects or of
 * `[last, first, suffix]` triples (Kaggle's arXiv `authors_parsed`), or one string such as `A, B and C`,
 * `Last, First; Last, First` or `Last, First and Last, First`.
 */
export function parseAuthors(value: unknown): AuthorList {
  if (Array.isArray(value)) {
    const authors: string[] = [];
    let truncated = false;
    for (const item of value) {
      let name = authorFromItem(item);
      if (!name) continue;
      if (TRAILING_TRUNCATION.test(name)) {
        truncated = true; // `["Ana Lopez et al."]`
        name = name.replace(TRAILING_TRUNCATION, '').trim();
      }
      if (TRUNCATION.test(name)) truncated = true;
      else if (name) authors.push(name);
    }
    return { authors, truncated };
  }
  if (typeof value === 'string') return splitAuthorString(value);
  const single = authorFromItem(value);
  return { authors: single ? [single] : [], truncated: false };
}

function authorFromItem(item: unknown): string | undefined {
  if (typeof item === 'string') return tidy(item.includes(',') ? flipLastFirst(item) : item);
  if (Array.isArray(item)) {
    const [last, first, suffix] = item.map((x) => (typeof x === 'string' ? x.trim() : ''));
    return tidy([first, last, suffix].filter(Boolean).join(' '));
  }
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    const direct = o.name ?? o.display_name ?? o.full_name ?? o.fullName ?? o.literal;
    if (typeof direct === 'string') return tidy(direct);
    if (o.author && typeof o.author === 'object') return authorFromItem(o.author);
    const first = o.given ?? o.firstName ?? o.first_name ?? o.first ?? o.forename;
    const last = o.family ?? o.lastName ?? o.last_name ?? o.last ?? o.surname;
    const parts = [first, last].filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    return parts.length ? tidy(parts.join(' ')) : undefined;
  }
  return undefined;
}

/** Scopus appends author ids: `Guo, Cong (57194439000)`. */
const SCOPUS_ID = /\(\d{5,}\)/g; // no leading \s*: that would rescan long runs of spaces

function tidy(name: string): string | undefined {
  const t = name.replace(SCOPUS_ID, '').replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
}

export function splitAuthorString(value: string): AuthorList {
  let s = value.replace(SCOPUS_ID, '').replace(/\s+/g, ' ').trim();
  let truncated = false;
  if (TRAILING_TRUNCATION.test(s)) {
    truncated = true;
    s = s.replace(TRAILING_TRUNCATION, '');
  }
  const names = splitNames(s)
    .map((n) => tidy(surnameFirstInitials(n)))
    .filter((n): n is string => n !== undefined);
  const authors = names.filter((n) => !TRUNCATION.test(n));
  return { authors, truncated: truncated || authors.length < names.length };
}

function splitNames(s: string): string[] {
  if (s === '') return [];
  // `Last, First; Last, First` (Scopus, Web of Science, Zotero CSV)
  if (s.includes(';')) return s.split(';').map((p) => flipLastFirst(p.trim()));
  const andParts = s.split(/\s+(?:and|&)\s+/i).map((p) => p.replace(/,\s*$/, '').trim());
  // `Last, First and Last, First` (BibTeX style)
  if (andParts.length > 1 && andParts.every((p) => isLastFirst(p))) return andParts.map(flipLastFirst);
  const parts = andParts.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 2 && andParts.length === 1 && isLastFirst(`${parts[0]}, ${parts[1]}`)) {
    return [flipLastFirst(s)];
  }
  // `Guo, Cong, Zhang, Chen`: single words in pairs read as Last, First.
  if (parts.length >= 4 && parts.length % 2 === 0 && parts.every((p) => !p.includes(' '))) {
    const pairs: string[] = [];
    for (let i = 0; i < parts.length; i += 2) pairs.push(`${parts[i + 1]} ${parts[i]}`);
    return pairs;
  }
  return parts;
}

/** Scopus and Web of Science write `Rossi M.` or `Rossi M.L.`: surname first, then initials. */
const SURNAME_INITIALS = /^(\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+)?) ((?:\p{Lu}\.[ -]?){1,3})$/u;

function surnameFirstInitials(name: string): string {
  const m = SURNAME_INITIALS.exec(name.trim());
  return m ? `${m[2].trim()} ${m[1]}` : name;
}

/**
 * `Guo, Cong`, `de la Fontaine, Jean`, `Guo, C.` read as one `Last, First` name; `Cong Guo, Chen Zhang`
 * (two words on both sides) reads as two authors.
 */
function isLastFirst(text: string): boolean {
  const comma = text.indexOf(',');
  if (comma === -1 || text.indexOf(',', comma + 1) !== -1) return false;
  const last = text.slice(0, comma).trim().split(' ').filter((w) => !isParticle(w));
  const first = text.slice(comma + 1).trim();
  if (last.length === 0 || first === '') return false;
  return last.length === 1 || isInitials(first);
}

/** `Last, First` -> `First Last`; `Last, Jr., First` -> `First Last Jr.`; anything else unchanged. */
function flipLastFirst(name: string): string {
  const parts = name.split(',').map((p) => p.trim());
  if (parts.length === 2 && parts[0] && parts[1]) return `${parts[1]} ${parts[0]}`;
  if (parts.length === 3 && parts[0] && isSuffix(parts[1]) && parts[2]) return `${parts[2]} ${parts[0]} ${parts[1]}`;
  return name.trim();
}
