import { createHash } from 'node:crypto';

/** The text a paper is embedded as: its title and abstract, the way sentence models read a document. */
export function documentText(title: string, abstract: string): string {
  const t = title.trim();
  if (!t) return abstract;
  return /[.?!:]$/.test(t) ? `${t} ${abstract}` : `${t}. ${abstract}`;
}

/** Keys the embeddings cache: the same title and abstract under the same model are embedded once. */
export function contentHash(title: string, abstract: string): string {
  return createHash('sha256').update(title).update('\u0000').update(abstract).digest('hex').slice(0, 32);
}
