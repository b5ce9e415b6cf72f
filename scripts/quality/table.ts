/** The quality report: one small table per section, checks against targets, and JSON for machines. */
import { fmt } from '../bench/report.js';

export interface Check {
  what: string;
  /** The measured figure, as shown. */
  value: string;
  target: string;
  pass: boolean;
}

export interface SectionResult {
  title: string;
  /** Where the numbers come from: model, data, sample sizes. */
  about: string;
  columns: string[];
  rows: (string | number)[][];
  checks: Check[];
  details: unknown;
}

export function cell(v: string | number | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 3)) : v;
}

export function renderSection(s: SectionResult): string {
  const cells = [s.columns, ...s.rows.map((r) => r.map((v) => cell(v)))];
  const widths = s.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  const out = [`## ${s.title}`, s.about, '', line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
  if (s.checks.length > 0) {
    out.push('');
    for (const c of s.checks) out.push(`  ${c.pass ? 'PASS' : 'MISS'}  ${c.what}: ${c.value} (target ${c.target})`);
  }
  return out.join('\n');
}

export function signed(x: number, digits = 3): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
}

export { fmt };
