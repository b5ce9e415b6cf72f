import { isGivenName, isNameWord, looksLikePersonName } from './names.js';

/**
 * The listing format writes title and authors with no separator:
 * `ANT: ... QuantizationCong Guo, Chen Zhang, Jingwen Leng et al. · microsoft-research`.
 * Authors are read from the end (they are clean `First Last` names separated by `, `) until the segment that
 * holds the end of the title glued to the first author; that segment is cut where a first name starts.
 */

export interface TitleAndAuthors {
  title: string;
  authors: string[];
  /** The line ended in `et al.`: only the first authors are listed. */
  truncated: boolean;
  orgs: string[];
}

const ORG_SEPARATOR = ' · ';
const ET_AL = /,?\s*\bet al\.?$/;
/** A first author has at most this many words (`Maria de la Cruz Garcia`). */
const MAX_NAME_WORDS = 6;

export function splitTitleAndAuthors(line: string): TitleAndAuthors {
  let rest = line.trim();
  let orgs: string[] = [];
  const dot = rest.lastIndexOf(ORG_SEPARATOR);
  // Organisations follow the author list; a ` · ` inside a title is left alone.
  if (dot !== -1 && endsWithAuthor(rest.slice(0, dot))) {
    orgs = rest.slice(dot + ORG_SEPARATOR.length).split(',').map((o) => o.trim()).filter(Boolean);
    rest = rest.slice(0, dot).trimEnd();
  }
  let truncated = false;
  const etAl = ET_AL.exec(rest.slice(-12));
  if (etAl) {
    truncated = true;
    rest = rest.slice(0, rest.length - etAl[0].length).trimEnd();
  }

  const segments = rest.split(', ');
  let boundary = segments.length - 1;
  while (boundary > 0 && looksLikePersonName(segments[boundary])) boundary--;
  const glued = splitGlued(segments[boundary]);
  if (!glued) {
    // No first name found: the line is a title without authors. Better a long title than a wrong split.
    return { title: rest, authors: [], truncated, orgs };
  }
  const title = [...segments.slice(0, boundary), glued.titleEnd].join(', ');
  return { title, authors: [glued.firstAuthor, ...segments.slice(boundary + 1)], truncated, orgs };
}

function endsWithAuthor(text: string): boolean {
  return ET_AL.test(text.slice(-12)) || isNameWord(text.slice(text.lastIndexOf(' ') + 1));
}

/** Cuts `... Network QuantizationCong Guo` into `... Network Quantization` and `Cong Guo`. */
function splitGlued(segment: string): { titleEnd: string; firstAuthor: string } | undefined {
  const words = segment.split(' ');
  const n = words.length;
  const cut = (j: number, at: number) => ({
    titleEnd: [...words.slice(0, j), words[j].slice(0, at)].join(' '),
    firstAuthor: [words[j].slice(at), ...words.slice(j + 1)].join(' '),
  });
  // Walk back over the words of the name (`Guo`, `de`, `la`) to the one a first name is glued into.
  if (n >= 2 && isNameWord(words[n - 1])) {
    for (let j = n - 2; j >= 0 && j >= n - MAX_NAME_WORDS; j--) {
      if (isNameWord(words[j])) continue;
      const at = gluePoint(words[j]);
      if (at > 0) return cut(j, at);
      break;
    }
  }
  // A one-word first author (`...TrainingMausam`).
  const at = gluePoint(words[n - 1]);
  return at > 0 ? cut(n - 1, at) : undefined;
}

/**
 * Where a first name starts inside a word such as `QuantizationCong`, `GPUZhenyu`, `Co-DesignShuwen`,
 * `3DYunsong` or `InferenceXiao-Ming`: the earliest capital from which the rest is a first name. A title
 * ending in capitals (`GPU`) cannot swallow the name's capital, because `UZhenyu` is no name.
 */
function gluePoint(word: string): number {
  const from = Math.max(1, word.length - 40);
  for (let p = from; p < word.length; p++) {
    if (/\p{Lu}/u.test(word[p]) && isGivenName(word.slice(p))) return p;
  }
  return -1;
}
