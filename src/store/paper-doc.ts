import { canonicalPaper } from '../corpus/merge.js';
import type { Paper } from '../corpus/paper.js';

/**
 * How every backend stores a paper: id, title and abstract in their own columns and the rest as this JSON,
 * in one fixed key order, so the same paper always gives the same text and comparing it says whether
 * anything changed (and an index copied to another backend compares equal).
 */
export function docJson(paper: Paper): string {
  const { id: _id, title: _title, abstract: _abstract, ...rest } = canonicalPaper(paper);
  return JSON.stringify(rest);
}

/** The paper a row holds. */
export function paperFromDoc(id: string, title: string, abstract: string, doc: string): Paper {
  const rest = JSON.parse(doc) as Omit<Paper, 'id' | 'title' | 'abstract'>;
  // Papers stored before provenance was kept have their one source only.
  rest.sources ??= [rest.source];
  return { id, title, abstract, ...rest };
}
