import { UserError } from '../errors.js';
import { THEME_OPTIONS, THEMES_OPTIONS } from '../options/catalog.js';
import { definedOnly, resolveOptions, type OptionValues } from '../options/spec.js';
import { requireModel } from '../store/port.js';
import type { StoredTheme, ThemeMember, ThemeParams, ThemesOverview } from '../store/records.js';
import type { AppContext } from './context.js';

export type ThemesOptions = OptionValues<typeof THEMES_OPTIONS>;
export type ThemeOptions = OptionValues<typeof THEME_OPTIONS>;

export interface ThemeDetail {
  theme: StoredTheme;
  stale: boolean;
  papers: ThemeMember[];
  neighbors: { theme: number; label: string; similarity: number }[];
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
  if (!refresh && stored && sameParams(stored.params, wanted)) return stored;
  return computeThemes(ctx, wanted);
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
    const result = computeThemes(matrix, model.dims, (i) => texts[i], params);
    await index.saveThemes(labels, result, params);
    return { ...(await index.themes())!, seconds: result.timings.totalMs / 1000 };
  });
}

/** One theme: its papers nearest the centroid first, and the themes closest to it. */
export async function theme(ctx: AppContext, id: number, options: ThemeOptions = {}): Promise<ThemeDetail> {
  const { limit } = resolveOptions(THEME_OPTIONS, options);
  return ctx.store.read(async (index) => {
    const overview = await index.themes();
    if (!overview) throw new UserError(`index ${index.location} has no themes yet`, 'run paperscope themes first');
    const found = overview.themes.find((t) => t.id === id);
    if (!found) throw new UserError(`no theme ${id}: this index has themes 0..${overview.k - 1}`, 'list them with paperscope themes');
    const labelOf = new Map(overview.themes.map((t) => [t.id, t.label]));
    return {
      theme: found,
      stale: overview.stale,
      papers: await index.themeMembers(id, limit),
      neighbors: found.neighbors.map((n) => ({ ...n, label: labelOf.get(n.theme) ?? '' })),
    };
  });
}
