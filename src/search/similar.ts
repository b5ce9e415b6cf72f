import { UserError } from '../errors.js';
import type { IndexReader } from '../store/port.js';
import type { SearchFilters, StoredPaper } from '../store/records.js';
import { toHits, type SearchHit } from './results.js';

export interface SimilarResponse {
  /** The paper the neighbours are like. */
  of: { id: string; title: string; matchedBy: 'id' | 'title' };
  k: number;
  hits: SearchHit[];
  hnswStale: boolean;
}

/**
 * Papers nearest to one paper of the index (itself excluded). `ref` is an id (arXiv ids may carry a
 * version or an `arXiv:` prefix) or words of its title. Needs no model: the paper's vector is stored.
 */
export async function similarPapers(index: IndexReader, ref: string, k: number, filters?: SearchFilters): Promise<SimilarResponse> {
  if (!ref.trim()) throw new UserError('give a paper id or words of its title', 'e.g. paperscope similar 2503.11731');
  const { stored, matchedBy } = await resolvePaper(index, ref);
  const vector = await index.paperVector(stored.label);
  if (!vector) throw new UserError(`paper ${stored.paper.id} has no stored vector`, 'run paperscope ingest again on its file to embed it');
  const dense = await index.denseSearch(vector, k, { filters, exclude: stored.label });
  const ranked = dense.hits.map((h, i) => ({ label: h.label, score: h.score, similarity: h.score, denseRank: i + 1 }));
  return {
    of: { id: stored.paper.id, title: stored.paper.title, matchedBy },
    k,
    hits: await toHits(index, ranked, stored.paper.title),
    hnswStale: dense.hnswStale,
  };
}

export async function resolvePaper(index: IndexReader, ref: string): Promise<{ stored: StoredPaper; matchedBy: 'id' | 'title' }> {
  for (const candidate of idCandidates(ref)) {
    // Its own id first, then any other name it is known by (a paper stored under its DOI, asked for by arXiv id).
    const stored = await index.paperByName(candidate);
    if (stored) return { stored, matchedBy: 'id' };
  }
  // Title words: the best lexical match on titles, if it contains every word the user typed.
  const [best] = await index.lexicalSearch(ref, 1, { titleOnly: true });
  const stored = best ? (await index.papersByLabel([best.label])).get(best.label) : undefined;
  if (stored && containsAllWords(stored.paper.title, ref)) return { stored, matchedBy: 'title' };
  throw new UserError(`no paper with id or title "${ref}" in index ${index.location}`, 'check the id with paperscope search "<title words>" --json');
}

function idCandidates(ref: string): string[] {
  const trimmed = ref.trim();
  const bare = trimmed.replace(/^arxiv:\s*/i, '').replace(/^https?:\/\/arxiv\.org\/(abs|pdf)\//i, '').replace(/\.pdf$/i, '');
  const noVersion = bare.replace(/v\d+$/i, '');
  const doi = trimmed.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').toLowerCase();
  return [...new Set([trimmed, bare, noVersion, doi])];
}

function containsAllWords(title: string, ref: string): boolean {
  const have = new Set(title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const want = ref.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return want.length > 0 && want.every((w) => have.has(w) || [...have].some((h) => h.startsWith(w)));
}
