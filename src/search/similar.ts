import { UserError } from '../errors.js';
import type { PaperIndex } from '../store/paper-index.js';
import { foldAccents } from '../corpus/text.js';
import { getPaperByRowid, papersNamed, type StoredPaper } from '../store/papers.js';
import { paperVector } from '../store/vectors.js';
import { denseSearch } from './dense.js';
import type { SearchFilters } from './filters.js';
import { lexicalSearch } from './lexical.js';
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
export function similarPapers(index: PaperIndex, ref: string, k: number, filters?: SearchFilters): SimilarResponse {
  if (!ref.trim()) throw new UserError('give a paper id or words of its title', 'e.g. paperscope similar 2503.11731');
  if (!Number.isInteger(k) || k <= 0) throw new UserError(`-k must be a whole number above 0 (got ${k})`);
  return index.snapshot(() => {
    const { stored, matchedBy, candidates } = resolvePaper(index, ref);
    const model = index.requireModel();
    const vector = paperVector(index.db, model.key, stored.rowid);
    if (!vector) throw new UserError(`paper ${stored.paper.id} has no stored vector`, 'run paperscope ingest again on its file to embed it');
    const dense = denseSearch(index, vector, k, filters, stored.rowid);
    const ranked = dense.hits.map((h, i) => ({ label: h.label, score: h.score, similarity: h.score, denseRank: i + 1 }));
    return {
      of: { id: stored.paper.id, title: stored.paper.title, matchedBy },
      ...(candidates.length ? { candidates } : {}),
      k,
      hits: toHits(index, ranked, stored.paper.title),
      hnswStale: dense.hnswStale,
    };
  });
}

/** How many other title matches `similar` lists beside the one it uses. */
const MAX_CANDIDATES = 5;

export function resolvePaper(
  index: PaperIndex,
  ref: string,
): { stored: StoredPaper; matchedBy: 'id' | 'title'; candidates: { id: string; title: string }[] } {
  // Its id or any key (a paper stored under its DOI, asked for by arXiv id), then a name a source gave it.
  const found = papersNamed(index.db, ref);
  if (found.length === 1) return { stored: found[0], matchedBy: 'id', candidates: [] };
  if (found.length > 1) {
    throw new UserError(
      `"${ref}" names ${found.length} papers in index ${index.dir}: ${found.map((p) => `${p.paper.id} (${p.paper.title})`).join(', ')}`,
      'give one of these ids instead',
    );
  }
  // Title words: the best BM25 matches on titles that contain every word the user typed.
  const matches = lexicalSearch(index.db, ref, MAX_CANDIDATES + 1, undefined, 'title')
    .map((hit) => getPaperByRowid(index.db, hit.label))
    .filter((p): p is StoredPaper => p !== undefined && containsAllWords(p.paper.title, ref));
  if (matches.length) {
    const [stored, ...others] = matches;
    return { stored, matchedBy: 'title', candidates: others.map((p) => ({ id: p.paper.id, title: p.paper.title })) };
  }
  throw new UserError(`no paper with id or title "${ref}" in index ${index.dir}`, 'check the id with paperscope search "<title words>" --json');
}

/** Accents and case aside, as library catalogues match (`schrodinger` finds Schrödinger). */
function containsAllWords(title: string, ref: string): boolean {
  const have = new Set(foldAccents(title).match(/[\p{L}\p{N}]+/gu) ?? []);
  const want = foldAccents(ref).match(/[\p{L}\p{N}]+/gu) ?? [];
  return want.length > 0 && want.every((w) => have.has(w) || [...have].some((h) => h.startsWith(w)));
}
