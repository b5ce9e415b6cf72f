import type { Paper } from '../corpus/paper.js';

/** Only web links are ever offered: a scraped `javascript:` or `data:` URL must not become clickable. */
export function isWebUrl(url: string | undefined): url is string {
  if (!url || !/^https?:\/\//i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The paper's own URL when it is a web link, else one built from its arXiv id or DOI. */
export function paperLink(paper: Pick<Paper, 'url' | 'arxivId' | 'doi'>): string | undefined {
  if (isWebUrl(paper.url)) return paper.url;
  if (paper.arxivId && /^[\w./-]+$/.test(paper.arxivId)) return `https://arxiv.org/abs/${paper.arxivId}`;
  if (paper.doi && /^10\.\S+$/.test(paper.doi)) return `https://doi.org/${encodeURI(paper.doi)}`;
  return undefined;
}
