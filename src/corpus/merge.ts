import type { Paper } from './paper.js';
import { normalizeForMatch } from './text.js';

/**
 * The same paper seen twice: keep `a`, fill what it lacks from `b`. Authors are joined so that a listing's
 * `et al.` list is completed by a full list from another source, without `C. Guo` and `Cong Guo` both
 * appearing.
 */
export function mergePapers(a: Paper, b: Paper): Paper {
  const merged: Paper = { ...a };
  const fill = <K extends keyof Paper>(key: K): void => {
    if (merged[key] === undefined && b[key] !== undefined) merged[key] = b[key];
  };
  fill('url');
  fill('doi');
  fill('arxivId');
  fill('hasCode');
  fill('score');
  fill('year');
  if (merged.date === undefined || (b.date && b.date.startsWith(merged.date) && b.date.length > merged.date.length)) {
    // `2023` from one source and `2023-07-19` from the other: the precise one says more.
    if (b.date !== undefined) {
      merged.date = b.date;
      merged.dateRaw = b.dateRaw;
    }
  }

  const aTruncated = a.extra?.authorsTruncated === true;
  const bTruncated = b.extra?.authorsTruncated === true;
  const authors = mergeAuthors(a.authors, aTruncated, b.authors, bTruncated);
  merged.authors = authors.names;
  const categories = union(a.categories, b.categories);
  if (categories) merged.categories = categories;
  const orgs = union(a.orgs, b.orgs);
  if (orgs) merged.orgs = orgs;

  const extra = { ...b.extra, ...a.extra };
  delete extra.authorsTruncated;
  if (authors.truncated) extra.authorsTruncated = true;
  if (Object.keys(extra).length) merged.extra = extra;
  else delete merged.extra;
  return merged;
}

function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a?.length) return b?.length ? [...b] : undefined;
  if (!b?.length) return [...a];
  return [...new Set([...a, ...b])];
}

/** Same person for merging: last name and first initial, accents and case ignored (`C. Guo` = `Cong Guo`). */
function personKey(name: string): string {
  const words = normalizeForMatch(name).split(' ').filter(Boolean);
  if (words.length === 0) return '';
  const last = words[words.length - 1];
  return words.length === 1 ? last : `${last} ${words[0][0]}`;
}

function mergeAuthors(a: string[], aTruncated: boolean, b: string[], bTruncated: boolean): { names: string[]; truncated: boolean } {
  if (a.length === 0) return { names: [...b], truncated: bTruncated };
  if (b.length === 0) return { names: [...a], truncated: aTruncated };
  // A complete list from b replaces a's first-authors-only list, keeping the order b gives.
  const [base, other] = aTruncated && !bTruncated ? [b, a] : [a, b];
  const names = [...base];
  const index = new Map(names.map((n, i) => [personKey(n), i]));
  for (const name of other) {
    const key = personKey(name);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, names.length);
      names.push(name);
    } else if (name.length > names[at].length) {
      names[at] = name; // `Cong Guo` over `C. Guo`
    }
  }
  return { names, truncated: aTruncated && bTruncated };
}
