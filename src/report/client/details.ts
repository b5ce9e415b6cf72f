import type { ClientData } from './data.js';
import type { Dom } from './dom.js';

/**
 * The details panel: one paper in full (as full as the report carries it) and its nearest
 * papers with their similarity, each a link to its own details.
 */
export function createDetails(
  dom: Dom,
  panel: HTMLElement,
  data: ClientData,
  colours: string[],
  on: { select: (index: number) => void; theme: (id: number) => void },
) {
  const p = data.papers;
  const k = p.k;
  const themeById = new Map(data.themes.map((t) => [t.id, t]));
  const between = new Map<number, [number, number]>();
  for (let i = 0; i < p.between.length; i += 3) between.set(p.between[i], [p.between[i + 1], p.between[i + 2]]);

  function themeChip(id: number): HTMLElement {
    const t = themeById.get(id);
    const chip = dom.el('span', 'chip');
    const dot = dom.el('span', 'dot');
    dot.style.background = colours[id] ?? '#8a909c';
    chip.append(dot, document.createTextNode(t ? t.label : `theme ${id}`));
    chip.title = 'Highlight this theme on the map';
    return dom.clickable(chip, () => on.theme(id));
  }

  function empty() {
    const hint = dom.el('div', 'details-empty');
    hint.append(
      dom.el('p', 'details-empty-title', 'No paper selected'),
      dom.el('p', '', 'Click a dot on the map, a paper in the list below, or a near-duplicate to see it here with its nearest neighbours.'),
    );
    panel.replaceChildren(hint);
  }

  function show(i: number) {
    const nodes: HTMLElement[] = [];
    const top = dom.el('div', 'details-top');
    if (p.theme[i] >= 0) top.append(themeChip(p.theme[i]));
    else top.append(dom.el('span', 'chip muted', 'no theme (newer than the themes)'));
    nodes.push(top);
    nodes.push(dom.el('h2', 'details-title', p.title[i]));
    if (p.authors[i]) nodes.push(dom.el('p', 'details-authors', p.authors[i]));
    const facts = dom.el('p', 'details-facts');
    const when = p.date[i] || (p.year[i] ? String(p.year[i]) : '');
    const factText = [when, p.categories[i], p.code[i] === 1 ? 'code available' : ''].filter(Boolean).join(' · ');
    if (factText) facts.append(document.createTextNode(`${factText} · `));
    facts.append(dom.el('span', 'mono', p.id[i]));
    nodes.push(facts);
    if (p.url[i]) {
      const link = dom.webLink(p.url[i], 'Open the paper ↗', 'open-link');
      nodes.push(link);
    }
    if (p.excerpt[i]) nodes.push(dom.el('p', 'details-excerpt', p.excerpt[i]));
    const pair = between.get(i);
    if (pair) {
      const note = dom.el('p', 'details-between', 'Sits between two themes: ');
      note.append(themeChip(pair[0]), document.createTextNode(' '), themeChip(pair[1]));
      nodes.push(note);
    }
    nodes.push(dom.el('h3', 'details-sub', 'Nearest papers'));
    const list = dom.el('ol', 'neighbours');
    for (let j = 0; j < k; j++) {
      const other = p.nb[i * k + j];
      if (other < 0) continue;
      const similarity = p.ns[i * k + j] / 1000;
      const item = dom.el('li', 'neighbour');
      const score = dom.el('span', 'score', similarity.toFixed(3));
      const bar = dom.el('span', 'bar');
      const fill = dom.el('span', 'bar-fill');
      fill.style.width = `${Math.max(0, Math.min(1, similarity)) * 100}%`;
      fill.style.background = p.theme[other] >= 0 ? colours[p.theme[other]] : '#8a909c';
      bar.append(fill);
      const text = dom.el('span', 'neighbour-text');
      text.append(dom.el('span', 'neighbour-title', p.title[other]), dom.el('span', 'neighbour-meta', [dom.truncate(p.authors[other], 60), p.year[other] || ''].filter(Boolean).join(' · ')));
      item.append(score, bar, text);
      item.title = 'Show this paper';
      list.append(dom.clickable(item, () => on.select(other)));
    }
    if (list.childElementCount === 0) list.append(dom.el('li', 'muted', 'No other papers in the report.'));
    nodes.push(list);
    panel.replaceChildren(...nodes);
    panel.scrollTop = 0;
  }

  empty();
  return { show, empty };
}
