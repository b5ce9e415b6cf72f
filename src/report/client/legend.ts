import type { ClientData } from './data.js';
import type { Dom } from './dom.js';

/**
 * The legend: one entry per theme with its colour, name, size and keywords. Clicking an entry
 * highlights that theme's papers; clicking it again clears the highlight.
 */
export function createLegend(dom: Dom, container: HTMLElement, data: ClientData, colours: string[], onToggle: (id: number) => void) {
  const items = new Map<number, HTMLElement>();
  for (const t of data.themes) {
    const item = dom.el('li', 'legend-item');
    item.dataset.theme = String(t.id);
    const swatch = dom.el('span', 'swatch');
    swatch.style.background = colours[t.id];
    const head = dom.el('div', 'legend-head');
    head.append(swatch, dom.el('span', 'legend-label', t.label), dom.el('span', 'legend-size', dom.formatCount(t.size)));
    // The label is made of the top keywords; list the ones it does not already show.
    const inLabel = new Set(t.label.toLowerCase().split(/\s*·\s*/));
    const more = t.keywords.filter((kw) => !inLabel.has(kw.toLowerCase())).slice(0, 6);
    item.append(head);
    if (more.length) item.append(dom.el('div', 'legend-keywords', more.join(', ')));
    item.title = `Theme ${t.id}: click to highlight its papers, click again to clear`;
    item.setAttribute('aria-pressed', 'false');
    container.append(dom.clickable(item, () => onToggle(t.id)));
    items.set(t.id, item);
  }
  return {
    setActive(id: number) {
      container.classList.toggle('has-active', id >= 0);
      for (const [tid, item] of items) {
        item.classList.toggle('active', tid === id);
        item.setAttribute('aria-pressed', String(tid === id));
      }
    },
  };
}
