import { monthNumber } from '../dates.js';
import type { FileContext } from '../context.js';
import type { InputFile } from '../input.js';
import type { RawRecord } from '../record.js';
import type { ParseItem } from '../types.js';
import { child, childrenNamed, childText, textOf, xmlRecords, type XmlElement } from '../xml-records.js';
import { pubmedUrl, structuredAbstract } from '../pubmed.js';

/**
 * PubMed XML (`<PubmedArticleSet>`, what efetch and PubMed's "XML" download return, and the baseline files),
 * one `<PubmedArticle>` at a time. Structured abstracts (`<AbstractText Label="METHODS">`) keep their labels.
 */
export async function* parsePubmedXml(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  for await (const { element, line } of xmlRecords(input.chunks(), input.file, 'PubmedArticle')) {
    yield ctx.item(toRecord(element), line);
  }
}

function toRecord(article: XmlElement): RawRecord {
  const citation = child(article, 'MedlineCitation');
  const a = child(citation, 'Article');
  const pmid = childText(citation, 'PMID');
  const ids = childrenNamed(child(child(article, 'PubmedData'), 'ArticleIdList'), 'ArticleId');
  const idOfType = (type: string): string | undefined => {
    const el = ids.find((i) => i.attrs.IdType === type);
    return el ? textOf(el).trim() : undefined;
  };
  const elocationDoi = childrenNamed(a, 'ELocationID').find((e) => e.attrs.EIdType === 'doi');
  const sections = childrenNamed(child(a, 'Abstract'), 'AbstractText').map((s) => ({ label: s.attrs.Label, text: textOf(s) }));
  const authors = childrenNamed(child(a, 'AuthorList'), 'Author');
  const journal = child(a, 'Journal');
  const rec: RawRecord = {
    title: textOf(child(a, 'ArticleTitle')) || textOf(child(a, 'VernacularTitle')),
    abstract: structuredAbstract(sections),
    authors: authors.map(authorName).filter(Boolean),
    orgs: authors.flatMap((au) => childrenNamed(au, 'AffiliationInfo').map((i) => childText(i, 'Affiliation') ?? '')).filter(Boolean),
    keywords: [
      ...childrenNamed(child(citation, 'KeywordList'), 'Keyword').map((k) => textOf(k).trim()),
      ...childrenNamed(child(citation, 'MeshHeadingList'), 'MeshHeading').map((m) => childText(m, 'DescriptorName') ?? ''),
    ].filter(Boolean),
    date: issueDate(child(child(journal, 'JournalIssue'), 'PubDate')),
    doi: idOfType('doi') ?? (elocationDoi ? textOf(elocationDoi).trim() : undefined),
    pmid: pmid ?? idOfType('pubmed'),
  };
  if (pmid) rec.url = pubmedUrl(pmid);
  const extra: Record<string, unknown> = {};
  const journalTitle = childText(journal, 'Title');
  if (journalTitle) extra.journal = journalTitle;
  const pmc = idOfType('pmc');
  if (pmc) extra.pmc = pmc;
  const epub = dateFromParts(child(a, 'ArticleDate'));
  if (epub) extra.epub = epub;
  const types = childrenNamed(child(a, 'PublicationTypeList'), 'PublicationType').map((t) => textOf(t).trim());
  if (types.length) extra.publicationTypes = types;
  if (Object.keys(extra).length) rec.extra = extra;
  return rec;
}

function authorName(au: XmlElement): string {
  const collective = childText(au, 'CollectiveName');
  if (collective) return collective;
  const parts = [childText(au, 'ForeName') ?? childText(au, 'Initials'), childText(au, 'LastName'), childText(au, 'Suffix')];
  return parts.filter(Boolean).join(' ');
}

/** `<Year>2023</Year><Month>Dec</Month><Day>5</Day>` (a PubDate or an ArticleDate) -> `2023-12-05`. */
function dateFromParts(d: XmlElement | undefined): string | undefined {
  const year = childText(d, 'Year');
  if (!year) return undefined;
  const rawMonth = childText(d, 'Month');
  const month = rawMonth === undefined ? undefined : /^\d+$/.test(rawMonth) ? Number(rawMonth) : monthNumber(rawMonth);
  if (!month) return year;
  const day = childText(d, 'Day');
  const mm = String(month).padStart(2, '0');
  return day ? `${year}-${mm}-${day.padStart(2, '0')}` : `${year}-${mm}`;
}

/**
 * The journal issue's date, what PubMed cites (MEDLINE's DP): in parts, or as a `<MedlineDate>` such as
 * `2023 Jan-Feb`. The electronic publication date goes to `extra.epub`.
 */
function issueDate(pubDate: XmlElement | undefined): string | undefined {
  return dateFromParts(pubDate) ?? childText(pubDate, 'MedlineDate');
}
