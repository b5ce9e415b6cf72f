import { UserError } from '../../errors.js';
import type { FileContext } from '../context.js';
import { isoDay, monthNumber } from '../dates.js';
import type { InputFile } from '../input.js';
import { readLines } from '../lines.js';
import { splitTitleAndAuthors } from '../listing-split.js';
import type { RawRecord } from '../record.js';
import type { ParseItem } from '../types.js';

/**
 * The scraped publication-listing text format: per paper a meta line (`99.3DCMay 6`, `CVJul 19, 2023Code`),
 * a line with title and authors run together, and the abstract. Blank lines and CRLF are tolerated; an
 * abstract broken over several lines is joined.
 */

export interface ListingMeta {
  score?: number;
  /** The two-letter arXiv cs category as written (`CV`). */
  category: string;
  month: number;
  day: number;
  year?: number;
  dateRaw: string;
  hasCode: boolean;
}

const META = /^(\d{1,3}(?:\.\d{1,3})?)?([A-Z]{2})([A-Z][a-z]{2,8}) (\d{1,2})(?:, (\d{4}))?(Code)?$/;

export function parseMetaLine(line: string): ListingMeta | undefined {
  const t = line.trim();
  if (t.length > 40) return undefined;
  const m = META.exec(t);
  if (!m) return undefined;
  const month = monthNumber(m[3]);
  const day = Number(m[4]);
  if (month === undefined || day < 1 || day > 31) return undefined;
  return {
    score: m[1] === undefined ? undefined : Number(m[1]),
    category: m[2],
    month,
    day,
    year: m[5] === undefined ? undefined : Number(m[5]),
    dateRaw: `${m[3]} ${m[4]}${m[5] ? `, ${m[5]}` : ''}`,
    hasCode: m[6] !== undefined,
  };
}

interface Pending {
  meta: ListingMeta;
  line: number;
  titleLine?: string;
  abstract: string[];
  /** Characters held so far. */
  size: number;
}

/**
 * A record larger than this is text where meta lines never come (not a listing, or a damaged one); without
 * a limit its lines piled up in memory until the end of the file.
 */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;

export async function* parseListing(input: InputFile, ctx: FileContext): AsyncGenerator<ParseItem> {
  let pending: Pending | undefined;
  let strayFrom: number | undefined;
  let strayTo = 0;
  for await (const { text, line } of readLines(input.chunks(), input.file)) {
    if (text.trim() === '') continue;
    const meta = parseMetaLine(text);
    if (meta) {
      if (pending) yield finish(pending, ctx);
      else if (strayFrom !== undefined) yield strayLines(ctx, strayFrom, strayTo);
      strayFrom = undefined;
      pending = { meta, line, abstract: [], size: 0 };
    } else if (!pending) {
      strayFrom ??= line;
      strayTo = line;
    } else {
      if (pending.titleLine === undefined) pending.titleLine = text;
      else pending.abstract.push(text);
      pending.size += text.length + 1;
      if (pending.size > MAX_RECORD_CHARS) {
        throw new UserError(
          `${input.file}:${pending.line}: this listing record runs on for more than ${MAX_RECORD_CHARS / 1024 / 1024} MB without the next record's date line.`,
          'This does not look like the publication-listing format; check the file, or pass --format if it is another format.',
        );
      }
    }
  }
  if (pending) yield finish(pending, ctx);
  else if (strayFrom !== undefined) yield strayLines(ctx, strayFrom, strayTo);
}

function strayLines(ctx: FileContext, from: number, to: number): ParseItem {
  const where = to > from ? `lines ${from}-${to} are` : `line ${from} is`;
  return ctx.skip(from, `${where} not part of a listing record (a record starts with a line like 'CVJul 19, 2023')`);
}

function finish(p: Pending, ctx: FileContext): ParseItem {
  if (p.titleLine === undefined) return ctx.skip(p.line, 'listing record has no title line and no abstract');
  const { title, authors, truncated, orgs } = splitTitleAndAuthors(p.titleLine);
  if (p.abstract.length === 0) {
    const shown = title.length > 60 ? `${title.slice(0, 57)}...` : title;
    return ctx.skip(p.line, `listing record "${shown}" has no abstract line`);
  }
  const { meta } = p;
  const year = meta.year ?? ctx.listingYear;
  const rec: RawRecord = {
    title,
    abstract: p.abstract.join(' '),
    authors,
    authorsTruncated: truncated,
    orgs,
    categories: [`cs.${meta.category}`],
    hasCode: meta.hasCode,
    score: meta.score,
  };
  const iso = isoDay(year, meta.month, meta.day);
  // The ISO date is derived here because a yearless `May 6` needs the listing year.
  rec.date = iso ?? meta.dateRaw;
  rec.year = year;
  const item = ctx.item(rec, p.line);
  if (item.kind === 'paper') item.paper.dateRaw = meta.dateRaw;
  return item;
}
