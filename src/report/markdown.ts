import { escapeMarkdown as md, markdownLink } from './markdown-escape.js';
import type { NeighborMethod, ReportModel, ReportPaper } from './model.js';

const TOP_NEIGHBOURS = 3;
const NEIGHBOR_METHOD: Record<NeighborMethod, string> = { hnsw: 'the HNSW index', exact: 'exact search', 'hnsw-rebuilt': 'a temporary HNSW index' };
const REPRESENTATIVES = 3;

/** The report as Markdown: summary, themes, how they relate, near-duplicates, then every paper by theme. */
export function renderMarkdown(model: ReportModel): string {
  const { meta, papers, themes } = model;
  const out: string[] = [];
  const title = (i: number) => md(papers[i]?.title ?? '(unknown)');
  const themeLabel = new Map(themes.map((t) => [t.id, t.label]));

  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  out.push(`# Similarity report: ${plural(meta.counts.papers, 'paper')} in ${plural(meta.counts.themes, 'theme')}`, '');
  out.push(
    `Generated ${md(meta.generatedAt)} by paperscope ${md(meta.paperscopeVersion)} from the index ${md(meta.indexDir)} ` +
      `with the model ${md(meta.model.id)} (${md(meta.model.dtype)}, ${meta.model.dims} dimensions).`,
    '',
  );
  out.push(
    `- **Neighbours**: the ${meta.neighbors.k} most similar papers for each paper (cosine similarity of the embeddings, 1 = identical; found with ${NEIGHBOR_METHOD[meta.neighbors.method]}).`,
    `- **Themes**: clusters of the embeddings, named by their distinctive words (k chosen by ${md(meta.themes.chosenBy)}, computed ${md(meta.themes.computedAt)}${meta.themes.stale ? ', **stale**: papers changed since' : ''}).`,
    `- **Near-duplicates**: ${meta.counts.duplicatePairs} pairs with similarity ≥ ${meta.duplicates.threshold}.`,
    ...(meta.projection.method === 'none' ? [] : [`- **Map** (in the HTML report): ${meta.projection.method.toUpperCase()}; ${md(meta.projection.reason)}.`]),
    '',
  );
  for (const note of meta.notes) out.push(`> Note: ${md(note)}`, '');

  out.push('## Themes', '', '| # | Theme | Papers | Cohesion | Keywords | Representative papers |', '|---:|---|---:|---:|---|---|');
  const indexOfId = new Map(papers.map((p) => [p.id, p.index]));
  for (const t of themes) {
    const reps = t.representatives
      .slice(0, REPRESENTATIVES)
      .map((id) => (indexOfId.has(id) ? title(indexOfId.get(id)!) : md(id)))
      .join('; ');
    out.push(`| ${t.id} | ${md(t.label)} | ${t.size} | ${t.cohesion.toFixed(2)} | ${md(t.keywords.slice(0, 8).join(', '))} | ${reps} |`);
    for (const s of t.subthemes) {
      const subReps = s.representatives.slice(0, 1).map((id) => (indexOfId.has(id) ? title(indexOfId.get(id)!) : md(id)));
      out.push(`| ${s.id} | ↳ ${md(s.label)} | ${s.size} | ${s.cohesion.toFixed(2)} | ${md(s.keywords.slice(0, 5).join(', '))} | ${subReps.join('; ')} |`);
    }
  }
  out.push('');

  if (themes.length > 1) {
    out.push('## How the themes relate', '', 'Cosine similarity of the theme centres (higher = closer in meaning).', '');
    out.push(`| | ${themes.map((t) => t.id).join(' | ')} |`, `|---|${themes.map(() => '---:').join('|')}|`);
    model.themeSimilarity.forEach((row, i) => {
      out.push(`| **${i}** ${md(themeLabel.get(i) ?? '')} | ${row.map((v, j) => (i === j ? '–' : v.toFixed(2))).join(' | ')} |`);
    });
    out.push('');
  }

  out.push('## Near-duplicates', '');
  if (model.duplicates.length === 0) out.push(`No pairs of papers with similarity ≥ ${meta.duplicates.threshold}.`, '');
  else {
    out.push('| Similarity | Paper | Paper |', '|---:|---|---|');
    for (const d of model.duplicates) out.push(`| ${d.similarity.toFixed(4)} | ${paperRef(papers[d.a])} | ${paperRef(papers[d.b])} |`);
    out.push('');
  }

  out.push('## Papers by theme', '');
  const byTheme = new Map<number | null, ReportPaper[]>();
  for (const p of papers) {
    const list = byTheme.get(p.theme);
    if (list) list.push(p);
    else byTheme.set(p.theme, [p]);
  }
  const sections: [number | null, string][] = themes.map((t) => [t.id, `${t.id}. ${md(t.label)}`]);
  if (byTheme.has(null)) sections.push([null, 'Papers without a theme (newer than the themes)']);
  for (const [id, heading] of sections) {
    const members = (byTheme.get(id) ?? []).slice().sort((a, b) => a.title.localeCompare(b.title));
    out.push(`### ${heading} (${plural(members.length, 'paper')})`, '');
    const t = themes.find((th) => th.id === id);
    if (t) out.push(`Keywords: ${md(t.keywords.join(', '))}`, '');
    for (const p of members) {
      const facts = [p.year, p.authors.length ? md(authorLine(p.authors)) : '', md(p.id)].filter(Boolean).join(' · ');
      out.push(`- **${markdownLink(md(p.title), p.url)}** (${facts})`);
      const near = p.neighbors.slice(0, TOP_NEIGHBOURS).map((n) => `${title(n.index)} (${n.similarity.toFixed(2)})`);
      if (near.length) out.push(`  Nearest: ${near.join('; ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}

function paperRef(p: ReportPaper | undefined): string {
  if (!p) return '(unknown)';
  return `${markdownLink(md(p.title), p.url)} (${md(p.id)})`;
}

function authorLine(authors: string[]): string {
  return authors.length > 3 ? `${authors.slice(0, 3).join(', ')} et al.` : authors.join(', ');
}
