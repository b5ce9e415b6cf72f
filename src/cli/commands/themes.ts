import type { ThemeSeries, ThemesOverTimeResult, ThemesOverview } from '../../api.js';
import { sparkline } from '../../themes/over-time.js';
import type { ThemeRef } from '../../options/kinds.js';
import { definedOnly, type OptionValues } from '../../options/spec.js';
import type { THEME_COMMAND, THEMES_COMMAND } from '../command-options.js';
import { authorLine, printer, truncate, type Printer } from '../format.js';
import { indexFor } from '../open.js';
import type { Terminal } from '../terminal.js';

export async function themesCommand(_: undefined, { k, kRange, seed, refresh, depth, overTime, ...values }: OptionValues<typeof THEMES_COMMAND>, term: Terminal): Promise<void> {
  const p = printer(term);
  const index = indexFor(values, term);
  try {
    const computed = await index.themes(definedOnly({ k, kRange, seed, refresh }));
    if (overTime) {
      const series = await index.themesOverTime();
      if (values.json) p.json(series);
      else printOverTime(p, series, { heading: 'theme shares', papers: 'papers', none: 'no themed paper has a date', tag: (t) => String(t.theme).padStart(2) });
      return;
    }
    if (computed.refresh) p.warn(`note: ${computed.refresh.reason}${computed.refresh.recommended ? '; run paperscope themes --refresh' : ''}`);
    else if (computed.stale) p.warn(`note: papers changed since these themes were computed (${computed.computedAt}); run paperscope themes --refresh`);
    // --depth 1 leaves the sub-themes out of the JSON too, so a script that asked for one level gets one.
    const overview = depth === 1 ? { ...computed, themes: computed.themes.map((t) => ({ ...t, subthemes: [] })) } : computed;
    if (values.json) p.json(overview);
    else printOverview(p, overview);
  } finally {
    await index.close();
  }
}

function printOverview({ out }: Printer, o: ThemesOverview): void {
  const how =
    o.chosenBy === 'user'
      ? 'as asked'
      : o.chosenBy === 'too-few-papers'
        ? 'too few papers to split'
        : o.weakStructureFloor
          ? `chosen by silhouette among k >= ${o.weakStructureFloor}: no k shows clear clusters`
          : 'chosen by silhouette';
  out(`${o.k} themes over ${o.papers} papers (k ${how}, seed ${o.seed}${o.seconds !== undefined ? `, ${o.seconds.toFixed(1)} s` : ''})`);
  if (o.refit) {
    const subs = o.refit.previousSubthemes ? `, ${o.refit.keptSubthemes} of the ${o.refit.previousSubthemes} previous sub-themes theirs` : '';
    out(`refit: ${o.refit.kept} of the ${o.refit.previousThemes} previous themes kept their id${subs} (the others' members changed too much)`);
  }
  if (o.kScores.length > 0) {
    // A candidate that collapsed to one cluster has no silhouette (NaN, stored as null).
    out(`silhouette by k: ${o.kScores.map((s) => `${s.k}:${Number.isFinite(s.silhouette) ? s.silhouette.toFixed(3) : 'n/a'}`).join('  ')}`);
  }
  for (const t of o.themes) {
    const placed = t.assigned ? `, ${t.assigned} placed since the fit` : '';
    out(`\n[${t.id}] ${t.label}  (${t.size} paper${t.size === 1 ? "" : "s"}${placed}${t.between ? `, ${t.between} between themes` : ''}, cohesion ${t.cohesion.toFixed(2)})`);
    out(`    keywords: ${t.keywords.slice(0, 8).map((k) => k.term).join(', ')}`);
    for (const r of t.representatives) out(`    - ${truncate(r.title, 100)}  (${r.id})`);
    // One line per sub-theme keeps the default listing short; `theme 3.1` shows one whole.
    for (const s of t.subthemes) out(`    [${s.id}] ${s.label}  (${s.size})`);
  }
}

/**
 * Shares over time, one sparkline per series: the themes (`themes --over-time`) or one theme's sub-themes
 * (`theme 3 --over-time`). `heading` names what is charted, `papers` what the totals count, `none` says that
 * none of them has a date, `tag` is a series' id.
 */
function printOverTime<S extends ThemeSeries & { label: string }>(
  { out, warn }: Printer,
  o: Omit<ThemesOverTimeResult, 'themes'> & { themes: S[] },
  how: { heading: string; papers: string; none: string; tag: (series: S) => string },
): void {
  const dated = o.totals.reduce((a, b) => a + b, 0);
  if (o.undated > 0) warn(`note: ${o.undated} paper${o.undated === 1 ? '' : 's'} without a date${o.period === 'month' ? ' (or with only a year)' : ''} left out of the shares`);
  if (o.periods.length === 0) {
    out(`${how.none}: nothing to show over time`);
    return;
  }
  const span = `${o.periods[0]} .. ${o.periods.at(-1)}`;
  out(`${how.heading} per ${o.period}, ${span} (${dated} papers with a date; each line scaled to its own peak)`);
  out(`${how.papers} per ${o.period}: ${sparkline(o.totals)}  ${o.totals.join(' ')}`);
  const recent = o.recent.later.length ? `share ${range(o.recent.earlier)} -> ${range(o.recent.later)}` : 'share';
  const width = Math.min(40, Math.max(...o.themes.map((t) => t.label.length)));
  const tags = o.themes.map((t) => `[${how.tag(t)}]`);
  const tagWidth = Math.max(...tags.map((t) => t.length));
  out(`\n${' '.repeat(tagWidth + 1 + width + 2 + o.periods.length + 2)}${recent}`);
  const pct = (share: number) => `${(100 * share).toFixed(1)}%`.padStart(5);
  for (const [i, t] of o.themes.entries()) {
    const mark = t.trend === 'grew' ? '  ▲ grew' : t.trend === 'shrank' ? '  ▼ shrank' : '';
    out(`${tags[i].padEnd(tagWidth)} ${truncate(t.label, width).padEnd(width)}  ${sparkline(t.shares)}  ${o.recent.later.length ? `${pct(t.before)} -> ${pct(t.after)}` : pct(t.shares[0])}${mark}`);
  }
}

const STALE_NOTE = 'note: papers changed since the themes were computed; run paperscope themes --refresh';

const range = (periods: string[]) => (periods.length === 1 ? periods[0] : `${periods[0]}..${periods.at(-1)}`);

export async function themeCommand(id: ThemeRef, values: OptionValues<typeof THEME_COMMAND>, term: Terminal): Promise<void> {
  const p = printer(term);
  const { out, warn, json } = p;
  const index = indexFor(values, term);
  try {
    if (values.overTime) {
      const series = await index.subthemesOverTime(id);
      if (series.stale) warn(STALE_NOTE);
      if (values.json) json(series);
      else {
        const parent = `theme [${series.parent.id}] ${series.parent.label}`;
        const papers = `theme ${series.parent.id}'s papers`;
        printOverTime(p, series, { heading: `sub-theme shares of ${parent}`, papers, none: `none of ${papers} has a date`, tag: (t) => t.id });
      }
      return;
    }
    const detail = await index.theme(id, { limit: values.limit });
    if (detail.stale) warn(STALE_NOTE);
    if (values.json) {
      json(detail);
      return;
    }
    const t = detail.subtheme ?? detail.theme;
    out(`[${t.id}] ${t.label}: ${t.size} papers, cohesion ${t.cohesion.toFixed(2)}`);
    if (detail.subtheme) out(`part of theme [${detail.theme.id}] ${detail.theme.label}`);
    out(`keywords: ${t.keywords.map((k) => k.term).join(', ')}`);
    const near = detail.neighbors.map((n) => `[${n.id ?? n.theme}] ${n.label} (${n.similarity.toFixed(2)})`).join('; ') || 'none';
    out(`${detail.subtheme ? 'nearest sub-themes' : 'nearest themes'}: ${near}\n`);
    if (!detail.subtheme && detail.theme.subthemes.length > 0) {
      out('sub-themes:');
      for (const s of detail.theme.subthemes) out(`  [${s.id}] ${s.label}  (${s.size} papers; ${s.keywords.slice(0, 5).map((k) => k.term).join(', ')})`);
      out('');
    }
    for (const p of detail.papers) {
      const between = p.between ? `  ↔ between themes ${p.between[0]} and ${p.between[1]}` : '';
      const sub = (!detail.subtheme && p.subtheme ? ` · sub-theme ${p.subtheme}` : '') + (p.assigned ? ' · placed since the fit' : '');
      out(`${p.similarity.toFixed(3)}  ${truncate(p.title, 90)}${p.year ? ` (${p.year})` : ''}`);
      out(`       ${truncate(authorLine(p.authors), 70)} · ${p.id}${sub}${between}`);
    }
    if (detail.papers.length < t.size) out(`\n... ${t.size - detail.papers.length} more (--limit to see more)`);
  } finally {
    await index.close();
  }
}
