/**
 * Turning the dates sources write (`2025-03-18`, `Jul 19, 2023`, `18 Mar 2025`, `2023`, MEDLINE's `2023 Dec 5`
 * and `2023 Jan-Feb`, the arXiv snapshot's `Mon, 2 Apr 2007 19:18:42 GMT`) into ISO text.
 */

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

export interface NormalizedDate {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: as precise as the source. */
  date?: string;
  year?: number;
}

/** `Jul`, `July`, `Sept` -> 7, 7, 9: a month name or an abbreviation of at least three letters. */
export function monthNumber(name: string): number | undefined {
  const n = name.toLowerCase();
  if (n.length < 3) return undefined;
  const i = MONTHS.findIndex((month) => month.startsWith(n));
  return i === -1 ? undefined : i + 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO date for a real calendar day, or undefined (`Feb 30` is no date). */
export function isoDay(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day > last ? undefined : `${year}-${pad(month)}-${pad(day)}`;
}

const plausibleYear = (y: number): boolean => y >= 1000 && y <= 2999;

export function normalizeDate(raw: string): NormalizedDate {
  const s = raw.trim();
  let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) {
    const year = Number(m[1]);
    if (!plausibleYear(year)) return {};
    if (m[3] !== undefined) {
      const date = isoDay(year, Number(m[2]), Number(m[3]));
      return date ? { date, year } : { year };
    }
    if (m[2] !== undefined) {
      const month = Number(m[2]);
      return month >= 1 && month <= 12 ? { date: `${year}-${pad(month)}`, year } : { year };
    }
    return { date: String(year), year };
  }
  // `2023 Dec 5`, `2023 Dec`, `2023 Jan-Feb`, `2023 Spring` (MEDLINE DP): a range or season keeps what is sure
  m = /^(\d{4}) ([A-Za-z]{3,9})(?: (\d{1,2})|-[A-Za-z]{3,9}(?: \d{1,2})?)?$/.exec(s);
  if (m) {
    const year = Number(m[1]);
    if (!plausibleYear(year)) return {};
    const month = monthNumber(m[2]);
    if (month === undefined) return { date: String(year), year };
    if (m[3] !== undefined) return fromParts(year, m[2], Number(m[3]));
    return { date: `${year}-${pad(month)}`, year };
  }
  // `Mon, 2 Apr 2007 19:18:42 GMT` (RFC 2822, the arXiv OAI and Kaggle snapshot)
  m = /^(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3,9}) (\d{4}) \d{2}:\d{2}(?::\d{2})?(?: (?:GMT|UTC|[+-]\d{4}))?$/.exec(s);
  if (m) return fromParts(Number(m[3]), m[2], Number(m[1]));
  // `Jul 19, 2023`, `July 19 2023`
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) return fromParts(Number(m[3]), m[1], Number(m[2]));
  // `19 Jul 2023`, `19 July, 2023`
  m = /^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s);
  if (m) return fromParts(Number(m[3]), m[2], Number(m[1]));
  // `Jul 2023`, `July, 2023`
  m = /^([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s);
  if (m) {
    const month = monthNumber(m[1]);
    const year = Number(m[2]);
    if (month !== undefined && plausibleYear(year)) return { date: `${year}-${pad(month)}`, year };
  }
  return {};
}

function fromParts(year: number, monthName: string, day: number): NormalizedDate {
  const month = monthNumber(monthName);
  if (month === undefined || !plausibleYear(year)) return {};
  const date = isoDay(year, month, day);
  return date ? { date, year } : { year };
}

/** A year field: `2023`, 2023, `2023a` (BibTeX disambiguation). */
export function parseYear(value: unknown): number | undefined {
  const m = /^\s*(\d{4})/.exec(String(value));
  if (!m) return undefined;
  const year = Number(m[1]);
  return plausibleYear(year) ? year : undefined;
}
