import type { FileContext } from '../context.js';
import { arxivIdFromText } from '../ids.js';
import type { InputFile } from '../input.js';
import type { RawRecord } from '../record.js';
import type { ParseItem } from '../types.js';
import { child, childrenNamed, childText, textOf, xmlRecords, type XmlElement } from '../xml-records.js';

/**
 * The Atom feed the arXiv API returns (`export.arxiv.org/api/query?...`), one paper per `<entry>`:
 * `<id>` is the abs URL with a version, `<published>` the first version's date, and the `arxiv:` elements
 * carry the DOI, journal reference, comment and the primary category.
 */
export async function* parseArxivAtom(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  for await (const { element, line } of xmlRecords(input.chunks(), input.file, 'entry')) {
    const id = childText(element, 'id') ?? '';
    // A bad query comes back as a feed with one entry whose id is an error URL.
    if (id.includes('arxiv.org/api/errors')) {
      yield ctx.skip(line, `the arXiv API answered with an error: ${childText(element, 'summary') ?? id}`);
      continue;
    }
    yield ctx.item(toRecord(element, id), line);
  }
}

const ARXIV_CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

function toRecord(entry: XmlElement, id: string): RawRecord {
  const primary = child(entry, 'primary_category')?.attrs.term;
  const terms = childrenNamed(entry, 'category').map((c) => c.attrs.term).filter((t): t is string => !!t && t !== primary);
  // The feed lists ACM and MSC classes (`F.4.1; I.2.3`) as categories too; only arXiv's own are categories here.
  const others = terms.filter((t) => ARXIV_CATEGORY.test(t));
  const classes = terms.filter((t) => !ARXIV_CATEGORY.test(t));
  const links = childrenNamed(entry, 'link');
  const abs = links.find((l) => l.attrs.rel === 'alternate')?.attrs.href;
  const pdf = links.find((l) => l.attrs.title === 'pdf')?.attrs.href;
  const authors = childrenNamed(entry, 'author');
  const rec: RawRecord = {
    title: childText(entry, 'title'),
    abstract: childText(entry, 'summary'),
    authors: authors.map((a) => childText(a, 'name') ?? '').filter(Boolean),
    orgs: authors.flatMap((a) => childrenNamed(a, 'affiliation').map((x) => textOf(x).trim())).filter(Boolean),
    categories: primary ? [primary, ...others] : others,
    date: childText(entry, 'published'),
    doi: childText(entry, 'doi'),
    arxivId: arxivIdFromText(id),
    url: abs ?? (id.startsWith('http') ? id : undefined),
  };
  const extra: Record<string, unknown> = {};
  const updated = childText(entry, 'updated');
  if (updated && updated !== rec.date) extra.updated = updated;
  const journalRef = childText(entry, 'journal_ref');
  if (journalRef) extra.journalRef = journalRef;
  const comment = childText(entry, 'comment');
  if (comment) extra.comment = comment;
  if (pdf) extra.pdf = pdf;
  if (classes.length) extra.classes = classes;
  if (Object.keys(extra).length) rec.extra = extra;
  return rec;
}
