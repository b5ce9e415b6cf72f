import { describe, expect, it } from 'vitest';
import { sparkline, themesOverTime, type DatedMember } from '../../src/themes/over-time.js';

/** `perMonth[m]` papers in month m of 2024 (m from 0), theme 0 taking `share0(m)` of them, the rest split between themes 1 and 2. */
function collection(perMonth: number[], share0: (m: number) => number): DatedMember[] {
  const out: DatedMember[] = [];
  perMonth.forEach((n, m) => {
    const zero = Math.round(n * share0(m));
    for (let i = 0; i < n; i++) out.push({ theme: i < zero ? 0 : 1 + (i % 2), date: `2024-${String(m + 1).padStart(2, '0')}-15` });
  });
  return out;
}

describe('themes over time', () => {
  // The collection triples over the year; theme 0 goes from 10% to 40% of it; themes 1 and 2 keep equal halves of the rest.
  const growth = [100, 120, 140, 160, 180, 200, 220, 240, 260, 280, 300, 300];
  const r = themesOverTime(collection(growth, (m) => 0.1 + (0.3 * m) / 11), 3);

  it('counts each theme per month, every month from the first to the last', () => {
    expect(r.period).toBe('month');
    expect(r.periods).toEqual(Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, '0')}`));
    expect(r.totals).toEqual(growth);
    expect(r.themes.map((t) => t.counts.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0)).toBe(growth.reduce((a, b) => a + b, 0));
  });

  it('compares shares, not counts: a theme whose count grows with the collection did not grow', () => {
    expect(r.themes[0].shares[0]).toBeCloseTo(0.1, 2);
    expect(r.themes[0].shares[11]).toBeCloseTo(0.4, 2);
    // Theme 1's count doubles (45 -> ~90) while its share falls.
    expect(r.themes[1].counts[11]).toBeGreaterThan(r.themes[1].counts[0]);
    expect(r.themes[0].trend).toBe('grew');
    expect(r.themes[1].trend).toBe('shrank');
    expect(r.themes[2].trend).toBe('shrank');
    expect(r.recent).toEqual({ earlier: r.periods.slice(0, 6), later: r.periods.slice(6) });
    // Pooled over each half: theme 0's papers over all papers of those months.
    const pooled = (from: number, to: number) => {
      const coll = collection(growth, (m) => 0.1 + (0.3 * m) / 11);
      const months = coll.filter((p) => Number(p.date!.slice(5, 7)) - 1 >= from && Number(p.date!.slice(5, 7)) - 1 < to);
      return months.filter((p) => p.theme === 0).length / months.length;
    };
    expect(r.themes[0].before).toBeCloseTo(pooled(0, 6), 10);
    expect(r.themes[0].after).toBeCloseTo(pooled(6, 12), 10);
    expect(r.themes[0].change).toBeCloseTo(r.themes[0].after - r.themes[0].before, 10);
  });

  it('marks nothing when shares hold steady while the collection grows', () => {
    const steady = themesOverTime(collection(growth, () => 0.3), 3);
    expect(steady.themes.every((t) => t.trend === undefined)).toBe(true);
    expect(Math.max(...steady.themes.map((t) => Math.abs(t.z)))).toBeLessThan(2);
  });

  it('counts papers without a date, or with only a year when periods are months, and leaves them out of the shares', () => {
    const members = [...collection([50, 50], () => 0.5), { theme: 0 }, { theme: 1, year: 2024 }, { theme: 1, date: '2024' }];
    const s = themesOverTime(members, 3);
    expect(s.undated).toBe(3);
    expect(s.totals).toEqual([50, 50]);
  });

  it('goes by year when the dates span more than five years, and names empty years too', () => {
    const members: DatedMember[] = [
      { theme: 0, date: '2015-03-01' },
      { theme: 1, year: 2018 },
      { theme: 0, date: '2021-07' },
      { theme: 1, date: '2021-01-02' },
    ];
    const s = themesOverTime(members, 2);
    expect(s.period).toBe('year');
    expect(s.periods).toEqual(['2015', '2016', '2017', '2018', '2019', '2020', '2021']);
    expect(s.totals).toEqual([1, 0, 0, 1, 0, 0, 2]);
    expect(s.undated).toBe(0);
    expect(s.recent).toEqual({ earlier: ['2020'], later: ['2021'] });
  });

  it('draws each series scaled to its own peak', () => {
    expect(sparkline([0, 0.05, 0.1])).toBe('▁▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
});
