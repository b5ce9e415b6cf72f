import { UserError } from '../errors.js';
import type { PaperIndex } from '../store/paper-index.js';
import { denseSearch } from './dense.js';
import type { SearchFilters } from './filters.js';
import { fuseScores } from './fusion.js';
import { lexicalSearch } from './lexical.js';
import { toHits, type RankedLabel, type SearchHit } from './results.js';

export type SearchMode = 'dense' | 'lexical' | 'hybrid';
export const SEARCH_MODES: readonly SearchMode[] = ['hybrid', 'dense', 'lexical'];

export interface SearchRequest {
  query: string;
  k: number;
  mode: SearchMode;
  filters?: SearchFilters;
  /** The query's embedding (dense and hybrid modes); the caller embeds, so this module never loads a model. */
  queryVector?: Float32Array;
}

export interface SearchResponse {
  query: string;
  mode: SearchMode;
  k: number;
  hits: SearchHit[];
  /** True when dense search ran exactly because the HNSW file lags behind the database. */
  hnswStale: boolean;
}

/** Each side contributes this many candidates to fusion: deep enough that filters never starve the top k. */
export const FUSION_DEPTH = 100;

export function validateSearch(query: string, k: number): void {
  if (!query.trim()) throw new UserError('the query is empty', 'give some words to search for, e.g. paperscope search "memory management for LLM serving"');
  if (!Number.isInteger(k) || k <= 0) throw new UserError(`-k must be a whole number above 0 (got ${k})`);
}

/** Dense, lexical or fused (z-normalised convex combination) search over one consistent snapshot of the index. */
export function searchIndex(index: PaperIndex, req: SearchRequest): SearchResponse {
  validateSearch(req.query, req.k);
  if (req.mode !== 'lexical' && !req.queryVector) throw new Error('dense and hybrid search need the query vector');
  return index.snapshot(() => {
    let ranked: RankedLabel[];
    let hnswStale = false;
    if (req.mode === 'lexical') {
      ranked = lexicalSearch(index.db, req.query, req.k, req.filters).map((h) => ({ label: h.label, score: h.score }));
    } else {
      const depth = req.mode === 'dense' ? req.k : Math.max(req.k, FUSION_DEPTH);
      const dense = denseSearch(index, req.queryVector!, depth, req.filters);
      hnswStale = dense.hnswStale;
      const similarity = new Map(dense.hits.map((h) => [h.label, h.score]));
      if (req.mode === 'dense') {
        ranked = dense.hits.map((h, i) => ({ label: h.label, score: h.score, similarity: h.score, denseRank: i + 1 }));
      } else {
        const lexical = lexicalSearch(index.db, req.query, depth, req.filters);
        ranked = fuseScores(dense.hits, lexical)
          .slice(0, req.k)
          .map((f) => ({ ...f, similarity: similarity.get(f.label) }));
      }
    }
    return { query: req.query, mode: req.mode, k: req.k, hits: toHits(index, ranked, req.query), hnswStale };
  });
}
