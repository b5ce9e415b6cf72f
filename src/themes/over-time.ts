/**
 * Themes over time: each theme's share of the papers of each period, so a theme is compared with the
 * collection's own growth (arXiv doubles its monthly volume in a few years: a count would make every theme
 * "grow"). Pure computation over (theme, date) pairs.
 */

/** One themed paper: its theme and what the source said of its date. */
export interface DatedMember {
  theme: number;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  date?: string;
  year?: number;
}

export interface ThemeSeries {
  theme: number;
  /** Papers per period. */
  counts: number[];
  /** counts / the period's papers (all themes). */
  shares: number[];
  /** Share over the earlier and the later half of the recent window (see `recent`). */
  before: number;
  after: number;
  /** after − before. */
  change: number;
  /** Two-proportion z score of that change: |z| >= 2 is unlikely to be noise. */
  z: number;
  /** Set for the themes whose share moved most, when |z| >= 2 (at most MARKED each way). */
  trend?: 'grew' | 'shrank';
}

export interface ThemesOverTime {
  /** Months when the dated papers span five years or less, else years. */
  period: 'month' | 'year';
  /** `2025-03`, ... or `2021`, ...: every period from the first to the last, none skipped. */
  periods: string[];
  /** Papers (with a theme) per period. */
  totals: number[];
  /** Themed papers without a date precise enough for the period (no date, or only a year when periods are months). */
  undated: number;
  /** The periods compared for `change`: the earlier and the later half of the last 12 months (2 years when yearly). */
  recent: { earlier: string[]; later: string[] };
  themes: ThemeSeries[];
}

/** Five years of months is 60 points: more would not fit a sparkline, so longer spans go by year. */
const MAX_MONTHS = 60;
/** Themes marked as grown (and as shrunk) at most. */
export const MARKED = 3;
const Z_NOISE = 2;

export function themesOverTime(members: readonly DatedMember[], k: number): ThemesOverTime {
  const months = members.map((m) => monthOf(m.date));
  const dated = months.filter((x): x is number => x !== undefined);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of dated) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const byMonth = dated.length > 0 && hi - lo < MAX_MONTHS;
  const keyOf = (m: DatedMember, i: number): number | undefined => (byMonth ? months[i] : yearOf(m));
  const keys = members.map(keyOf);
  const present = keys.filter((x): x is number => x !== undefined);
  if (present.length === 0) {
    return { period: byMonth ? 'month' : 'year', periods: [], totals: [], undated: members.length, recent: { earlier: [], later: [] }, themes: [] };
  }
  let first = present[0];
  let last = present[0];
  for (const x of present) {
    if (x < first) first = x;
    if (x > last) last = x;
  }
  const p = last - first + 1;
  const counts = Array.from({ length: k }, () => new Array<number>(p).fill(0));
  const totals = new Array<number>(p).fill(0);
  let undated = 0;
  members.forEach((m, i) => {
    const key = keys[i];
    if (key === undefined) {
      undated++;
      return;
    }
    counts[m.theme][key - first]++;
    totals[key - first]++;
  });
  const periods = Array.from({ length: p }, (_, i) => (byMonth ? monthText(first + i) : String(first + i)));

  // The last year, in two halves (yearly: the last two years), so "grew" means over the last year.
  const windowLength = Math.min(p, byMonth ? 12 : 2);
  const half = Math.floor(windowLength / 2);
  const later = range(p - half, p);
  const earlier = range(p - 2 * half, p - half);
  const sum = (xs: number[], at: number[]) => at.reduce((s, i) => s + xs[i], 0);
  const [nEarlier, nLater] = [sum(totals, earlier), sum(totals, later)];

  const themes: ThemeSeries[] = counts.map((row, theme) => {
    const a = sum(row, earlier);
    const b = sum(row, later);
    const pa = nEarlier ? a / nEarlier : 0;
    const pb = nLater ? b / nLater : 0;
    const pooled = nEarlier + nLater ? (a + b) / (nEarlier + nLater) : 0;
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / Math.max(1, nEarlier) + 1 / Math.max(1, nLater)));
    return { theme, counts: row, shares: row.map((c, i) => (totals[i] ? c / totals[i] : 0)), before: pa, after: pb, change: pb - pa, z: se > 0 ? (pb - pa) / se : 0 };
  });
  if (half > 0) {
    const byChange = [...themes].sort((x, y) => y.change - x.change || x.theme - y.theme);
    for (const t of byChange.slice(0, MARKED)) if (t.z >= Z_NOISE) t.trend = 'grew';
    for (const t of byChange.reverse().slice(0, MARKED)) if (t.z <= -Z_NOISE) t.trend = 'shrank';
  }
  return { period: byMonth ? 'month' : 'year', periods, totals, undated, recent: { earlier: earlier.map((i) => periods[i]), later: later.map((i) => periods[i]) }, themes };
}

/** Months since year 0 of a `YYYY-MM[-DD]` date; undefined for a bare year or no date. */
function monthOf(date: string | undefined): number | undefined {
  const m = date && /^(\d{4})-(\d{2})/.exec(date);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : undefined;
}

function yearOf(m: DatedMember): number | undefined {
  const fromDate = m.date && /^(\d{4})/.exec(m.date);
  return fromDate ? Number(fromDate[1]) : m.year;
}

function monthText(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

const BARS = '▁▂▃▄▅▆▇█';

/** A text sparkline of one series, scaled to its own largest value (a theme's shape, not its size). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1) + 0.5))] : BARS[0])).join('');
}
