/** One table for people, the same numbers as JSON for machines. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Section = 'embedding' | 'ingest' | 'hnsw' | 'commands' | 'memory' | 'peers' | 'postgres';
export const SECTIONS: readonly Section[] = ['embedding', 'ingest', 'hnsw', 'commands', 'memory', 'peers', 'postgres'];

export interface Target {
  /** Human form, e.g. "≥ 45 docs/s". */
  text: string;
  pass: boolean;
}

export interface Row {
  section: Section;
  metric: string;
  value: number;
  unit: string;
  /** The figure this one is compared with, measured in the same run. */
  baseline?: { label: string; value: number; unit: string };
  /** value ÷ baseline unless stated otherwise in `ratioLabel`. */
  ratio?: number;
  ratioLabel?: string;
  target?: Target;
  note?: string;
}

/** `unit` may start with × ("2× naive"): no space then. */
function limitText(limit: number, unit: string): string {
  return `${limit}${unit ? (unit.startsWith('×') ? unit : ` ${unit}`) : ''}`;
}

export function atLeast(value: number, limit: number, unit: string): Target {
  return { text: `≥ ${limitText(limit, unit)}`, pass: value >= limit };
}

export function below(value: number, limit: number, unit: string): Target {
  return { text: `< ${limitText(limit, unit)}`, pass: value < limit };
}

/** Three significant digits, no exponent for everyday magnitudes. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(2);
}

function valueText(v: number, unit: string): string {
  return unit === '%' ? `${fmt(v)} %` : `${fmt(v)}${unit ? ` ${unit}` : ''}`;
}

export function renderTable(rows: Row[]): string {
  const header = ['section', 'metric', 'value', 'baseline (same run)', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [
    r.section,
    r.metric,
    valueText(r.value, r.unit),
    r.baseline ? `${r.baseline.label}: ${valueText(r.baseline.value, r.baseline.unit)}` : '',
    r.ratio !== undefined ? `${r.ratio >= 10 ? Math.round(r.ratio) : r.ratio.toFixed(2)}×${r.ratioLabel ? ` ${r.ratioLabel}` : ''}` : '',
    r.target?.text ?? '',
    r.target ? (r.target.pass ? 'PASS' : 'MISS') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join(' │ ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const out = [line(header), rule];
  let previous: string | undefined;
  cells.forEach((c, i) => {
    if (previous !== undefined && rows[i].section !== previous) out.push(rule);
    previous = rows[i].section;
    out.push(line(c));
  });
  return out.join('\n');
}

export function renderNotes(rows: Row[]): string {
  return rows
    .filter((r) => r.note)
    .map((r) => `  · ${r.section} / ${r.metric}: ${r.note}`)
    .join('\n');
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}
