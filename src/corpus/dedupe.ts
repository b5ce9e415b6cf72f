import { contentId } from './ids.js';
import type { Paper } from './paper.js';

/**
 * Streaming duplicate detection. A paper is a duplicate when it shares its arXiv id, its DOI, or (for
 * substantial abstracts) its title and abstract with an earlier paper: so a paper known by its arXiv id in
 * one file and only by its DOI or its text in another is still found. Holds a few short keys per paper.
 */

/** Boilerplate abstracts ("No abstract available.") must not make different papers one. */
const MIN_ABSTRACT_FOR_TEXT_MATCH = 100;

export class Deduper {
  /**
   * @param earlierElsewhere finds a paper seen before this run (say, stored in the index by an earlier
   *   ingest) that this paper duplicates; consulted only when this run has not seen any of its keys.
   */
  constructor(private readonly earlierElsewhere?: (paper: Paper, keys: readonly string[]) => string | undefined) {}

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
    const earlier = this.lookup(keys) ?? this.earlierElsewhere?.(paper, keys);
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

/** What makes two records one paper: its id, arXiv id, DOI, and (for substantial abstracts) its text. */
export function matchKeys(paper: Paper): string[] {
  const keys = [paper.id];
  if (paper.arxivId && paper.arxivId !== paper.id) keys.push(paper.arxivId);
  if (paper.doi && paper.doi !== paper.id) keys.push(paper.doi);
  // Ids are arXiv ids, DOIs (`10.`) or `h:` hashes: the three never collide, so no prefixes are needed.
  if (!paper.id.startsWith('h:') && paper.abstract.length >= MIN_ABSTRACT_FOR_TEXT_MATCH) {
    keys.push(contentId(paper.title, paper.abstract));
  }
  return keys;
}
