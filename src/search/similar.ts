import { foldAccents } from '../corpus/text.js';
import { UserError } from '../errors.js';
import type { IndexReader } from '../store/port.js';
import type { SearchFilters, StoredPaper } from '../store/records.js';
import { toHits, type SearchHit } from './results.js';

export interface SimilarResponse {
  /** The paper the neighbours are like. */
  of: { id: string; title: string; matchedBy: 'id' | 'title' };
  /** Other papers whose titles the words matched too, best first (the best one is `of`). */
  candidates?: { id: string; title: string }[];
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
  const { stored, matchedBy, candidates } = await resolvePaper(index, ref);
  const vector = await index.paperVector(stored.label);
  if (!vector) throw new UserError(`paper ${stored.paper.id} has no stored vector`, 'run paperscope ingest again on its file to embed it');
  const dense = await index.denseSearch(vector, k, { filters, exclude: stored.label });
  const ranked = dense.hits.map((h, i) => ({ label: h.label, score: h.score, similarity: h.score, denseRank: i + 1 }));
  return {
    of: { id: stored.paper.id, title: stored.paper.title, matchedBy },
    ...(candidates.length ? { candidates } : {}),
    k,
    hits: await toHits(index, ranked, stored.paper.title),
    hnswStale: dense.hnswStale,
  };
}

/** How many other title matches `similar` lists beside the one it uses. */
const MAX_CANDIDATES = 5;

export async function resolvePaper(
  index: IndexReader,
  ref: string,
): Promise<{ stored: StoredPaper; matchedBy: 'id' | 'title'; candidates: { id: string; title: string }[] }> {
  // Its id or any key (a paper stored under its DOI, asked for by arXiv id), then a name a source gave it.
  const found = await index.papersNamed(ref);
  if (found.length === 1) return { stored: found[0], matchedBy: 'id', candidates: [] };
  if (found.length > 1) {
    throw new UserError(
      `"${ref}" names ${found.length} papers in index ${index.location}: ${found.map((p) => `${p.paper.id} (${p.paper.title})`).join(', ')}`,
      'give one of these ids instead',
    );
  }
  // Title words: the best lexical matches on titles that contain every word the user typed.
  const hits = await index.lexicalSearch(ref, MAX_CANDIDATES + 1, { titleOnly: true });
  const byLabel = await index.papersByLabel(hits.map((h) => h.label));
  const matches = hits.map((hit) => byLabel.get(hit.label)).filter((p): p is StoredPaper => p !== undefined && containsAllWords(p.paper.title, ref));
  if (matches.length) {
    const [stored, ...others] = matches;
    return { stored, matchedBy: 'title', candidates: others.map((p) => ({ id: p.paper.id, title: p.paper.title })) };
  }
  throw new UserError(`no paper with id or title "${ref}" in index ${index.location}`, 'check the id with paperscope search "<title words>" --json');
}

/** Accents and case aside, as library catalogues match (`schrodinger` finds Schrödinger). */
function containsAllWords(title: string, ref: string): boolean {
  const have = new Set(foldAccents(title).match(/[\p{L}\p{N}]+/gu) ?? []);
  const want = foldAccents(ref).match(/[\p{L}\p{N}]+/gu) ?? [];
  return want.length > 0 && want.every((w) => have.has(w) || [...have].some((h) => h.startsWith(w)));
}
