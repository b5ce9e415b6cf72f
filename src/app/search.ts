import { UserError } from '../errors.js';
import { resolveModelSpec } from '../embed/registry.js';
import { SEARCH_OPTIONS, SIMILAR_OPTIONS } from '../options/catalog.js';
import { resolveOptions, type OptionValues } from '../options/spec.js';
import { searchIndex, type SearchResponse } from '../search/search.js';
import { similarPapers, type SimilarResponse } from '../search/similar.js';
import { assertSameModel, requireModel } from '../store/port.js';
import type { SearchFilters } from '../store/records.js';
import type { AppContext } from './context.js';

export type SearchOptions = OptionValues<typeof SEARCH_OPTIONS> & { filters?: SearchFilters };
export type SimilarOptions = OptionValues<typeof SIMILAR_OPTIONS> & { filters?: SearchFilters };

/** Embeds the query (unless lexical), then searches one snapshot of the index. */
export async function search(ctx: AppContext, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const { k, mode, model: askedModel, dtype: askedDtype } = resolveOptions(SEARCH_OPTIONS, options);
  if (typeof query !== 'string' || !query.trim()) {
    throw new UserError('the query is empty', 'give some words to search for, e.g. paperscope search "memory management for LLM serving"');
  }
  let queryVector: Float32Array | undefined;
  if (mode !== 'lexical') {
    const pinned = await ctx.store.read(requireModel);
    if (askedModel || askedDtype) assertSameModel(pinned, resolveModelSpec(askedModel ?? pinned.id).id, askedDtype ?? pinned.dtype, ctx.store.location);
    const embedder = await ctx.embedder(pinned.id, pinned.dtype);
    queryVector = await embedder.embedQuery(query);
  }
  return ctx.store.read((index) => searchIndex(index, { query, k, mode, filters: options.filters, queryVector }));
}

/** Papers most like one paper of the index; needs no model (the paper's vector is stored). */
export async function similar(ctx: AppContext, ref: string, options: SimilarOptions = {}): Promise<SimilarResponse> {
  const { k } = resolveOptions(SIMILAR_OPTIONS, options);
  return ctx.store.read((index) => similarPapers(index, ref, k, options.filters));
}
