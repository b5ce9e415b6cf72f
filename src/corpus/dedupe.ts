import { arxivIdFromField, contentId, doiKey, normalizeDoi, pmidKey } from './ids.js';
import type { Paper } from './paper.js';

/**
 * Streaming duplicate detection. A paper is a duplicate when it shares its arXiv id, its DOI, or (for
 * substantial abstracts) its title and abstract with an earlier paper: so a paper known by its arXiv id in
 * one file and only by its DOI or its text in another is still found. Holds a few short keys per paper.
 */

/** Boilerplate abstracts ("No abstract available.") must not make different papers one. */
const MIN_ABSTRACT_FOR_TEXT_MATCH = 100;

export class Deduper {
  /** key -> id of the first paper that had it */
  private readonly seen = new Map<string, string>();
  private dupes = 0;

  /** How many papers were reported as duplicates. */
  get duplicates(): number {
    return this.dupes;
  }

  /** Records the paper and returns the id of the earlier paper it duplicates (undefined when new). */
  record(paper: Paper): string | undefined {
    const keys = matchKeys(paper);
    const earlier = this.lookup(keys);
    // Keys only this copy has (say, the DOI the first copy lacked) point at the first paper too.
    const id = earlier ?? paper.id;
    for (const key of keys) if (!this.seen.has(key)) this.seen.set(key, id);
    if (earlier !== undefined) this.dupes++;
    return earlier;
  }

  private lookup(keys: string[]): string | undefined {
    for (const key of keys) {
      const id = this.seen.get(key);
      if (id !== undefined) return id;
    }
    return undefined;
  }
}

/**
 * What makes two records one paper: its id, arXiv id, DOI, PubMed id, any further arXiv id or DOI among its
 * aliases, and (for substantial abstracts) its text. A source's own id is no key: two files may both call
 * different papers `1`.
 */
export function matchKeys(paper: Paper): string[] {
  let cached = keyCache.get(paper);
  if (!cached || cached.id !== paper.id) keyCache.set(paper, (cached = { id: paper.id, keys: computeKeys(paper) }));
  return cached.keys;
}

/**
 * Ingest asks for a paper's keys twice (dedupe, then the stored copy); the text key hashes the normalised title
 * and abstract, a fifth of a re-ingest's time at 35,000 papers. Papers are not changed once built, but for the
 * id that merging sets last, which the cache checks.
 */
const keyCache = new WeakMap<Paper, { id: string; keys: string[] }>();

function computeKeys(paper: Paper): string[] {
  const keys = new Set([paper.id]);
  if (paper.arxivId) keys.add(paper.arxivId);
  if (paper.doi) keys.add(doiKey(paper.doi));
  if (paper.pmid) keys.add(pmidKey(paper.pmid));
  for (const alias of paper.aliases ?? []) {
    const key = arxivIdFromField(alias) ?? normalizeDoi(alias);
    if (key) keys.add(key);
  }
  // Ids are arXiv ids, DOIs (`10.`), `pmid:` or `h:` keys: they never collide, so no other prefixes are needed.
  if (!paper.id.startsWith('h:') && paper.abstract.length >= MIN_ABSTRACT_FOR_TEXT_MATCH) {
    keys.add(contentId(paper.title, paper.abstract));
  }
  return [...keys];
}

/** Names a paper goes by besides its keys, as the sources wrote them: `similar` and `remove` take them. */
export function paperNames(paper: Paper): string[] {
  return [...(paper.aliases ?? []), ...(paper.pmid ? [paper.pmid] : [])];
}
