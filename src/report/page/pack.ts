import type { ClientData } from '../client/data.js';
import type { ReportModel } from '../model.js';

const MAX_AUTHORS = 12;

/** The model in the columnar, integer-scaled form the page embeds (see client/data.ts). */
export function packForClient(model: ReportModel): ClientData {
  const { meta, papers } = model;
  const k = meta.neighbors.k;
  const indexOfId = new Map(papers.map((p) => [p.id, p.index]));
  const nb: number[] = [];
  const ns: number[] = [];
  const between: number[] = [];
  const xy: number[] = [];
  for (const p of papers) {
    for (let j = 0; j < k; j++) {
      const n = p.neighbors[j];
      nb.push(n ? n.index : -1);
      ns.push(n ? Math.round(n.similarity * 1000) : 0);
    }
    if (p.between) between.push(p.index, p.between[0], p.between[1]);
    xy.push(Math.round(p.x * 10000), Math.round(p.y * 10000));
  }
  return {
    meta: {
      generatedAt: meta.generatedAt,
      version: meta.paperscopeVersion,
      indexDir: meta.indexDir,
      model: `${meta.model.id} (${meta.model.dtype})`,
      papers: meta.counts.papers,
      themes: meta.counts.themes,
      duplicatePairs: meta.counts.duplicatePairs,
      projection: meta.projection.method,
      projectionReason: meta.projection.reason,
      neighborsK: k,
      neighborMethod: meta.neighbors.method,
      dupThreshold: meta.duplicates.threshold,
      themesStale: meta.themes.stale,
      themesComputedAt: meta.themes.computedAt,
      notes: meta.notes,
    },
    themes: model.themes.map((t) => ({
      id: t.id,
      label: t.label,
      size: t.size,
      keywords: t.keywords,
      reps: t.representatives.map((id) => indexOfId.get(id)).filter((i): i is number => i !== undefined),
      cohesion: t.cohesion,
      neighbors: t.neighbors.map((n) => [n.theme, Math.round(n.similarity * 1000)] as [number, number]),
      subs: t.subthemes.map((s) => ({ id: s.id, label: s.label, size: s.size })),
    })),
    themeOrder: model.themeOrder,
    time: {
      period: model.overTime.period,
      periods: model.overTime.periods,
      totals: model.overTime.totals,
      undated: model.overTime.undated,
      counts: model.overTime.themes.map((t) => t.counts),
      trend: model.overTime.themes.map((t) => t.trend ?? ''),
    },
    themeSim: model.themeSimilarity.map((row) => row.map((v) => Math.round(v * 1000))),
    dups: model.duplicates.flatMap((d) => [d.a, d.b, Math.round(d.similarity * 10000)]),
    papers: {
      id: papers.map((p) => p.id),
      title: papers.map((p) => p.title),
      authors: papers.map((p) => (p.authors.length > MAX_AUTHORS ? `${p.authors.slice(0, MAX_AUTHORS).join(', ')} et al.` : p.authors.join(', '))),
      year: papers.map((p) => p.year ?? 0),
      date: papers.map((p) => p.date ?? ''),
      categories: papers.map((p) => p.categories.join(' ')),
      url: papers.map((p) => p.url ?? ''),
      code: papers.map((p) => (p.hasCode === undefined ? -1 : p.hasCode ? 1 : 0)),
      excerpt: papers.map((p) => p.excerpt),
      theme: papers.map((p) => p.theme ?? -1),
      sub: papers.map((p) => (p.subtheme ? Number(p.subtheme.slice(p.subtheme.indexOf('.') + 1)) : 0)),
      between,
      xy,
      k,
      nb,
      ns,
    },
  };
}
