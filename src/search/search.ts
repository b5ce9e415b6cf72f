import type { IndexReader } from '../store/port.js';
import type { SearchFilters } from '../store/records.js';
import { fuseScores } from './fusion.js';
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

/** Dense, lexical or fused (z-normalised convex combination) search. Run it inside one read of the index, so both sides see the same papers. */
export async function searchIndex(index: IndexReader, req: SearchRequest): Promise<SearchResponse> {
  if (req.mode !== 'lexical' && !req.queryVector) throw new Error('dense and hybrid search need the query vector');
  let ranked: RankedLabel[];
  let hnswStale = false;
  if (req.mode === 'lexical') {
    ranked = (await index.lexicalSearch(req.query, req.k, { filters: req.filters })).map((h) => ({ label: h.label, score: h.score }));
  } else {
    const depth = req.mode === 'dense' ? req.k : Math.max(req.k, FUSION_DEPTH);
    const dense = await index.denseSearch(req.queryVector!, depth, { filters: req.filters });
    hnswStale = dense.hnswStale;
    const similarity = new Map(dense.hits.map((h) => [h.label, h.score]));
    if (req.mode === 'dense') {
      ranked = dense.hits.map((h, i) => ({ label: h.label, score: h.score, similarity: h.score, denseRank: i + 1 }));
    } else {
      const lexical = await index.lexicalSearch(req.query, depth, { filters: req.filters });
      ranked = fuseScores(dense.hits, lexical)
        .slice(0, req.k)
        .map((f) => ({ ...f, similarity: similarity.get(f.label) }));
    }
  }
  return { query: req.query, mode: req.mode, k: req.k, hits: await toHits(index, ranked, req.query), hnswStale };
}
