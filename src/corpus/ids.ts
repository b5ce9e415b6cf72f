import { createHash } from 'node:crypto';
import { normalizeForMatch } from './text.js';

/** arXiv identifiers: new style `2503.11731` (YYMM.NNNNN) and old style `cs/0112017` or `math.GT/0309136`. */
const NEW_STYLE = String.raw`\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}`;
const OLD_STYLE = String.raw`[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?\/\d{7}`;
const ID = `(${NEW_STYLE}|${OLD_STYLE})(?:v\\d+)?`;

/** A field that holds nothing but an id: `2503.11731v2`, `arXiv:2503.11731`, `cs/0112017`. */
const BARE = new RegExp(`^\\s*(?:arxiv:\\s*)?${ID}\\s*$`, 'i');
/** An id inside longer text, only where the text says it is arXiv's: URLs, `arXiv:` and arXiv DOIs. */
const IN_TEXT = new RegExp(
  `(?:arxiv\\.org\\/(?:abs|pdf|html)\\/|arxiv:\\s*|10\\.48550\\/arxiv\\.)${ID}(?![\\d])`,
  'i',
);

/** Canonical form: no version, old-style subject class dropped (`math.GT/0309136` -> `math/0309136`). */
function canonicalArxiv(id: string): string {
  const slash = id.indexOf('/');
  if (slash === -1) return id;
  return id.slice(0, slash).replace(/\.[A-Za-z]{2}$/, '').toLowerCase() + id.slice(slash);
}

/** The arXiv id of a field that should hold one (an `id`, `arxiv_id` or `eprint` field). */
export function arxivIdFromField(value: string): string | undefined {
  if (value.length > 2000) return undefined; // an id field this long holds no id; keeps regex work small
  const m = BARE.exec(value) ?? IN_TEXT.exec(value);
  return m ? canonicalArxiv(m[1]) : undefined;
}

/** The arXiv id mentioned in free text (a URL, a BibTeX `journal` or `note` like `arXiv preprint arXiv:2503.11731`). */
export function arxivIdFromText(text: string): string | undefined {
  const m = IN_TEXT.exec(text.length > 2000 ? text.slice(0, 2000) : text);
  return m ? canonicalArxiv(m[1]) : undefined;
}

/** A DOI as the source wrote it, without resolver prefix or trailing punctuation; anything that is not `10.x/y` is no DOI. */
export function cleanDoi(value: string): string | undefined {
  if (value.length > 1000) return undefined;
  const doi = value
    .trim()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '')
    .replace(/[.,;]+$/, '');
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : undefined;
}

/** DOIs are case-insensitive: this is the form they compare (and key papers) in. */
export function doiKey(doi: string): string {
  return doi.toLowerCase();
}

/** The comparable form of a DOI written any way (`https://doi.org/10.1109/TPAMI...` -> `10.1109/tpami...`). */
export function normalizeDoi(value: string): string | undefined {
  const doi = cleanDoi(value);
  return doi === undefined ? undefined : doiKey(doi);
}

/** The DOI inside a `https://doi.org/...` link, as written. */
export function doiFromUrl(url: string): string | undefined {
  const m = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\S+)$/i.exec(url.trim());
  return m ? cleanDoi(m[1]) : undefined;
}

/** PubMed ids are plain numbers; as a paper id they carry a prefix so they never meet a source's own numeric id. */
export function pmidKey(pmid: string): string {
  return `pmid:${pmid}`;
}

/** `h:` + 12 hex chars of sha256 over the normalized title and abstract: the id of a paper without arXiv id or DOI. */
export function contentId(title: string, abstract: string): string {
  const digest = createHash('sha256').update(normalizeForMatch(`${title} ${abstract}`)).digest('hex');
  return `h:${digest.slice(0, 12)}`;
}

/** The id rule: arXiv id, else DOI, else PubMed id, else a hash of the text. So the same paper from two files is one paper. */
export function paperId(p: { arxivId?: string; doi?: string; pmid?: string; title: string; abstract: string }): string {
  if (p.arxivId) return p.arxivId;
  if (p.doi) return doiKey(p.doi);
  if (p.pmid) return pmidKey(p.pmid);
  return contentId(p.title, p.abstract);
}
