import { UserError } from '../errors.js';
import { THEME_OPTIONS, THEMES_OPTIONS } from '../options/catalog.js';
import { themeRef, ValueError, type ThemeRef } from '../options/kinds.js';
import { definedOnly, resolveOptions, type OptionValues } from '../options/spec.js';
import { requireModel, type IndexReader, type IndexWriter } from '../store/port.js';
import type { RefreshAdvice, StoredSubtheme, StoredTheme, ThemeMember, ThemeParams, ThemesOverview } from '../store/records.js';
import { themesOverTime as computeOverTime, type ThemeSeries, type ThemesOverTime } from '../themes/over-time.js';
import { placePapers } from '../themes/place.js';
import { keepIds } from '../themes/stable-ids.js';
import { DEFAULT_MIN_SUBTHEME_PAPERS } from '../themes/subthemes.js';
import type { AppContext } from './context.js';

export type ThemesOptions = OptionValues<typeof THEMES_OPTIONS>;
export type ThemeOptions = OptionValues<typeof THEME_OPTIONS>;

export interface ThemeDetail {
  /** The theme asked for, or the theme a sub-theme asked for is part of. */
  theme: StoredTheme;
  /** Set when a sub-theme (`3.1`) was asked for: its papers are listed, and its siblings are its neighbours. */
  subtheme?: StoredSubtheme;
  stale: boolean;
  /** Nearest the centroid of what was asked for (the theme's, or the sub-theme's) first. */
  papers: ThemeMember[];
  /** Other themes by centroid cosine; for a sub-theme, its sibling sub-themes (`theme` is then the parent id). */
  neighbors: { theme: number; label: string; similarity: number; id?: string }[];
}

/**
 * The index's themes: computed when there are none, when `refresh` is set, or when k, the k range or
 * the seed asked for differ from the stored run; otherwise read back (and marked stale if papers
 * changed). What is not asked for is kept from the stored run, so a refresh recomputes the same way.
 */
export async function themes(ctx: AppContext, options: ThemesOptions = {}): Promise<ThemesOverview> {
  const { refresh, ...asked } = resolveOptions(THEMES_OPTIONS, options);
  const stored = await ctx.store.read((index) => index.themes());
  const wanted = withStored(stored?.params, definedOnly(asked));
  // Themes stored before sub-themes existed are recomputed once: the same papers and seed give the same themes.
  if (!refresh && stored && stored.levels === 2 && sameParams(stored.params, wanted)) return withAdvice(stored);
  return computeThemes(ctx, wanted);
}

/**
 * Refit advice once papers were placed without a refit. On 11,667 arXiv papers a placed paper lands in the
 * refit's theme as often as a fitted paper keeps its own (73% / 73% at 5% placed, 57% / 54% at 10%, 70% / 67% at
 * 20%; a refit with only another seed keeps 61%: scripts/themes-check.ts), so placing is no worse than refitting's
 * own churn. What placing cannot do is rename: keywords and labels describe the fitted papers only, and
 * REFRESH_SHARE keeps those at 90% or more of the members. Placed papers far from their theme (under its 5%
 * quantile of fitted similarity) arrive about 5% of the time by chance; five times that many, and at least
 * MIN_FAR, says they belong to no theme yet.
 */
export const REFRESH_SHARE = 0.1;
const FAR_SHARE = 0.25;
const MIN_FAR = 10;

export function refreshAdvice(c: { members: number; assigned: number; far: number }): RefreshAdvice | undefined {
  if (c.assigned === 0) return undefined;
  const share = c.assigned / Math.max(1, c.members);
  const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
  const placed = `${c.assigned} paper${c.assigned === 1 ? '' : 's'} (${pct(share)} of the themed papers) placed in their nearest theme since the last fit`;
  if (c.far >= MIN_FAR && c.far / c.assigned >= FAR_SHARE) {
    return { recommended: true, reason: `${placed}; ${c.far} of them sit far from every theme: a new theme may be forming` };
  }
  if (share >= REFRESH_SHARE) return { recommended: true, reason: `${placed}: over ${pct(REFRESH_SHARE)}, a refit may change the themes` };
  return { recommended: false, reason: `${placed}: under ${pct(REFRESH_SHARE)}, the themes still hold` };
}

function withAdvice(o: ThemesOverview): ThemesOverview {
  const refresh = refreshAdvice(o);
  return refresh ? { ...o, refresh } : o;
}

/**
 * Places the papers that have no theme (ingested, or their text changed, since the fit) in their nearest theme
 * and sub-theme, marked assigned, so filters, `theme` and the report include them at once. Returns how many.
 */
export async function placeNewPapers(index: IndexWriter): Promise<number> {
  if (!(await index.themes())) return 0;
  const model = await requireModel(index);
  const { labels, matrix } = await index.unthemedVectors();
  if (labels.length === 0) return 0;
  const p = placePapers(matrix, model.dims, await index.themeCentroids(), await index.subthemeCentroids());
  await index.assignThemes(
    Array.from(labels, (label, i) => ({
      label,
      theme: p.theme[i],
      similarity: p.similarity[i],
      ...(p.subtheme[i] > 0 ? { subtheme: p.subtheme[i], subSimilarity: p.subSimilarity[i] } : {}),
    })),
  );
  return labels.length;
}

/**
 * k and the k range are one choice (how many themes): asking for either replaces the stored one; the
 * seed is its own.
 */
function withStored(stored: ThemeParams | undefined, asked: ThemeParams): ThemeParams {
  const choice = asked.k !== undefined || asked.kRange !== undefined ? { k: asked.k, kRange: asked.kRange } : { k: stored?.k, kRange: stored?.kRange };
  return definedOnly({ ...choice, seed: asked.seed ?? stored?.seed });
}

function sameParams(a: ThemeParams, b: ThemeParams): boolean {
  return a.k === b.k && a.kRange?.join('..') === b.kRange?.join('..') && a.seed === b.seed;
}

/** Clusters every stored vector and replaces the index's themes. */
async function computeThemes(ctx: AppContext, params: ThemeParams): Promise<ThemesOverview> {
  // Imported here: ml-kmeans loads ~250 modules (0.4 s) that reading stored themes never needs.
  const { computeThemes } = await import('../themes/compute-themes.js');
  return ctx.store.write('themes', async (index) => {
    const model = await requireModel(index);
    const { labels, matrix } = await index.vectorMatrix();
    if (labels.length === 0) throw new UserError(`index ${index.location} has no papers to cluster`, 'run paperscope ingest <files> first');
    const texts = await index.paperTexts(labels);
    const fitted = computeThemes(matrix, model.dims, (i) => texts[i], params);
    // A refit keeps the ids of the themes and sub-themes that stayed the same, so a user's notes about "theme 4"
    // or "sub-theme 4.2" survive it.
    const before = await index.themeMembership();
    let result = fitted;
    let refit: ThemesOverview['refit'];
    if (before.size > 0) {
      const previous = {
        theme: Int32Array.from(labels, (label) => before.get(label)?.theme ?? -1),
        subtheme: Int32Array.from(labels, (label) => before.get(label)?.subtheme ?? 0),
      };
      ({ result, refit } = keepIds(fitted, previous));
    }
    await index.saveThemes(labels, result, params);
    return { ...(await index.themes())!, seconds: result.timings.totalMs / 1000, ...(refit && { refit }) };
  });
}

/**
 * One theme or sub-theme (`3`, `'3.1'`, `{ theme: 3, subtheme: 1 }`): its papers nearest its centroid
 * first, and the themes (for a sub-theme, the sibling sub-themes) closest to it.
 */
export async function theme(ctx: AppContext, id: number | string | ThemeRef, options: ThemeOptions = {}): Promise<ThemeDetail> {
  const { limit } = resolveOptions(THEME_OPTIONS, options);
  const ref = parseRef(id);
  return ctx.store.read(async (index) => {
    const overview = await storedThemes(index);
    const found = findTheme(overview, ref.theme);
    if (ref.subtheme !== undefined) {
      const sub = findSubtheme(found, ref.subtheme, overview.levels);
      const labelOf = new Map(found.subthemes.map((t) => [t.id, t.label]));
      return {
        theme: found,
        subtheme: sub,
        stale: overview.stale,
        papers: await index.themeMembers(found.id, limit, sub.index),
        neighbors: sub.neighbors.map((n) => ({ theme: found.id, id: n.id, label: labelOf.get(n.id) ?? '', similarity: n.similarity })),
      };
    }
    const labelOf = new Map(overview.themes.map((t) => [t.id, t.label]));
    return {
      theme: found,
      stale: overview.stale,
      papers: await index.themeMembers(found.id, limit),
      neighbors: found.neighbors.map((n) => ({ ...n, label: labelOf.get(n.theme) ?? '' })),
    };
  });
}

function parseRef(id: number | string | ThemeRef): ThemeRef {
  try {
    return themeRef.check(id);
  } catch (err) {
    if (err instanceof ValueError) throw new UserError(`no theme ${JSON.stringify(id)}: ${err.problem}`, 'give a theme id (3) or a sub-theme id (3.1), as paperscope themes lists them');
    throw err;
  }
}

async function storedThemes(index: IndexReader): Promise<ThemesOverview> {
  const overview = await index.themes();
  if (!overview) throw new UserError(`index ${index.location} has no themes yet`, 'run paperscope themes first');
  return overview;
}

function findTheme(overview: ThemesOverview, id: number): StoredTheme {
  const found = overview.themes.find((t) => t.id === id);
  if (!found) throw new UserError(`no theme ${id}: this index has themes 0..${overview.k - 1}`, 'list them with paperscope themes');
  return found;
}

function findSubtheme(theme: StoredTheme, index: number, levels: 1 | 2): StoredSubtheme {
  const sub = theme.subthemes.find((s) => s.index === index);
  if (sub) return sub;
  if (theme.subthemes.length > 0) {
    throw new UserError(`no sub-theme ${theme.id}.${index}: theme ${theme.id} has sub-themes ${theme.id}.1..${theme.id}.${theme.subthemes.length}`, `list them with paperscope theme ${theme.id}`);
  }
  throw notSplit(theme, levels);
}

/** Why a theme has no sub-themes, and what to do instead. */
function notSplit(theme: StoredTheme, levels: 1 | 2): UserError {
  if (levels === 1) return new UserError(`theme ${theme.id} has no sub-themes yet: these themes were computed before sub-themes existed`, 'run paperscope themes once to compute them');
  return new UserError(`theme ${theme.id} has no sub-themes: only themes of ${DEFAULT_MIN_SUBTHEME_PAPERS} papers or more are split, and it has ${theme.size}`, `list its papers with paperscope theme ${theme.id}`);
}

export interface ThemesOverTimeResult extends Omit<ThemesOverTime, 'themes'> {
  themes: (ThemeSeries & { label: string })[];
  /** When the themes were computed, and whether papers changed since. */
  computedAt: string;
  stale: boolean;
}

/** Each theme's share of each month's (or year's) papers, and the themes whose share grew or shrank most over the last year. */
export async function themesOverTime(ctx: AppContext): Promise<ThemesOverTimeResult> {
  return ctx.store.read(async (index) => {
    const overview = await storedThemes(index);
    const labelOf = new Map(overview.themes.map((t) => [t.id, t.label]));
    const series = computeOverTime(await index.themeDates(), overview.k);
    return {
      ...series,
      themes: series.themes.map((t) => ({ ...t, label: labelOf.get(t.theme) ?? '' })),
      computedAt: overview.computedAt,
      stale: overview.stale,
    };
  });
}

export interface SubthemesOverTimeResult extends Omit<ThemesOverTimeResult, 'themes'> {
  /** The theme whose sub-themes are charted: `totals` are its papers per period, and shares are of them. */
  parent: { id: number; label: string };
  /** One series per sub-theme, sub-theme 1 first; `theme` is the parent's id, as in a StoredSubtheme. */
  themes: (ThemeSeries & { id: string; index: number; label: string })[];
}

/**
 * A theme's sub-themes over time (`theme 3 --over-time`): each one's share of the theme's papers of each month
 * (or year), marked as the top level's are. Placed papers count, in the sub-theme they were placed in.
 */
export async function subthemesOverTime(ctx: AppContext, id: number | string | ThemeRef): Promise<SubthemesOverTimeResult> {
  const ref = parseRef(id);
  return ctx.store.read(async (index) => {
    const overview = await storedThemes(index);
    const parent = findTheme(overview, ref.theme);
    if (ref.subtheme !== undefined) {
      throw new UserError(`--over-time charts a theme's sub-themes, and ${parent.id}.${ref.subtheme} is a sub-theme`, `chart theme ${parent.id}'s sub-themes with paperscope theme ${parent.id} --over-time`);
    }
    if (parent.subthemes.length === 0) throw notSplit(parent, overview.levels);
    // Every member of a split theme has a sub-theme (fitted or placed).
    const members = [...(await index.themeMembership())].filter(([, m]) => m.theme === parent.id && m.subtheme !== undefined);
    const papers = await index.papersByLabel(members.map(([label]) => label));
    const dated = members.map(([label, m]) => {
      const paper = papers.get(label)?.paper;
      return { theme: m.subtheme! - 1, date: paper?.date, year: paper?.year };
    });
    const series = computeOverTime(dated, parent.subthemes.length);
    const subOf = new Map(parent.subthemes.map((s) => [s.index, s]));
    return {
      ...series,
      parent: { id: parent.id, label: parent.label },
      themes: series.themes.map((t) => {
        const sub = subOf.get(t.theme + 1)!;
        return { ...t, theme: parent.id, index: sub.index, id: sub.id, label: sub.label };
      }),
      computedAt: overview.computedAt,
      stale: overview.stale,
    };
  });
}
