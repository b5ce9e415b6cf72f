import type { Paper } from '../corpus/paper.js';
import { stmt } from '../store/database.js';
import type { PaperIndex } from '../store/paper-index.js';
import { getPapersByRowids } from '../store/papers.js';
import { snippetFor } from './snippet.js';

/** One result as printed and as `--json` emits it (a documented, stable shape). */
export interface SearchHit {
  rank: number;
  /** Higher is better: cosine in dense mode, BM25 in lexical mode, in hybrid mode the fused score (an equal mix of the two z-normalised scores). */
  score: number;
  id: string;
  title: string;
  authors: string[];
  year?: number;
  date?: string;
  categories: string[];
  url?: string;
  snippet: string;
  /** Cosine similarity to the query when the dense side saw the paper. */
  similarity?: number;
  denseRank?: number;
  lexicalRank?: number;
  theme?: { id: number; label: string };
  paper: Paper;
}

export interface RankedLabel {
  label: number;
  score: number;
  similarity?: number;
  denseRank?: number;
  lexicalRank?: number;
}

/** Turns ranked rowids into hits, reading only those rows (and their themes) from the database. */
export function toHits(index: PaperIndex, ranked: RankedLabel[], query: string): SearchHit[] {
  const labels = ranked.map((r) => r.label);
  const papers = getPapersByRowids(index.db, labels);
  const themes = themesOf(index, labels);
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

function themesOf(index: PaperIndex, labels: number[]): Map<number, { id: number; label: string }> {
  const out = new Map<number, { id: number; label: string }>();
  if (labels.length === 0) return out;
  const rows = stmt(
    index.db,
    `SELECT m.paper_rowid AS rowid, t.id AS id, t.label AS label FROM theme_members m JOIN themes t ON t.id = m.theme_id
     WHERE m.paper_rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(labels)) as { rowid: number; id: number; label: string }[];
  for (const r of rows) out.set(r.rowid, { id: r.id, label: r.label });
  return out;
}
