import type { Paper } from '../corpus/paper.js';
import type { IndexReader } from '../store/port.js';
import type { PaperCard, ThemeTag } from '../store/records.js';
import { snippetFor } from './snippet.js';

/** One result as printed and as `--json` emits it (a documented, stable shape). */
export interface SearchHit extends PaperCard {
  rank: number;
  /** Higher is better: cosine in dense mode, BM25 in lexical mode, in hybrid mode the fused score (an equal mix of the two z-normalised scores). */
  score: number;
  snippet: string;
  /** Cosine similarity to the query when the dense side saw the paper. */
  similarity?: number;
  denseRank?: number;
  lexicalRank?: number;
  /** Its theme, and its sub-theme (`3.1`) when its theme is split. */
  theme?: ThemeTag;
  paper: Paper;
}

export interface RankedLabel {
  label: number;
  score: number;
  similarity?: number;
  denseRank?: number;
  lexicalRank?: number;
}

/** Turns ranked labels into hits, reading only those papers (and their themes) from the index. */
export async function toHits(index: IndexReader, ranked: RankedLabel[], query: string): Promise<SearchHit[]> {
  const labels = ranked.map((r) => r.label);
  const papers = await index.papersByLabel(labels);
  const themes = await index.themesOf(labels);
  const hits: SearchHit[] = [];
  for (const r of ranked) {
    const stored = papers.get(r.label);
    if (!stored) continue; // removed since the HNSW file was written
    const p = stored.paper;
    hits.push({
      rank: hits.length + 1,
      score: r.score,
      id: p.id,
      title: p.title,
      authors: p.authors,
      year: p.year,
      date: p.date,
      categories: p.categories ?? [],
      url: p.url ?? (p.arxivId ? `https://arxiv.org/abs/${p.arxivId}` : p.doi ? `https://doi.org/${p.doi}` : undefined),
      snippet: snippetFor(p.abstract, query),
      similarity: r.similarity,
      denseRank: r.denseRank,
      lexicalRank: r.lexicalRank,
      theme: themes.get(r.label),
      paper: p,
    });
  }
  return hits;
}
