import type { ClientData } from './data.js';
import type { Dom } from './dom.js';

/**
 * The legend: one entry per theme with its colour, name, size and keywords, similar themes next to each
 * other (data.themeOrder). Clicking an entry highlights that theme's papers and zooms the map to them; the
 * active entry lists its sub-themes in the colours they then take; clicking it again goes back.
 */
export function createLegend(dom: Dom, container: HTMLElement, data: ClientData, colours: string[], onToggle: (id: number) => void) {
  const items = new Map<number, HTMLElement>();
  const subLists = new Map<number, HTMLElement>();
  const byId = new Map(data.themes.map((t) => [t.id, t]));
  for (const id of data.themeOrder) {
    const t = byId.get(id)!;
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
    item.title = `Theme ${t.id}: click to zoom to its papers${t.subs.length ? ' and colour its sub-themes' : ''}, click again to go back`;
    if (t.subs.length) {
      const subs = dom.el('ul', 'legend-subs');
      subs.hidden = true;
      item.append(subs);
      subLists.set(t.id, subs);
    }
    item.setAttribute('aria-pressed', 'false');
    container.append(dom.clickable(item, () => onToggle(t.id)));
    items.set(t.id, item);
  }
  return {
    /** `subColours[s - 1]` is sub-theme s's colour on the map while theme `id` is zoomed into. */
    setActive(id: number, subColours: string[] = []) {
      container.classList.toggle('has-active', id >= 0);
      for (const [tid, item] of items) {
        item.classList.toggle('active', tid === id);
        item.setAttribute('aria-pressed', String(tid === id));
      }
      for (const [tid, list] of subLists) {
        list.hidden = tid !== id;
        if (tid !== id) {
          list.replaceChildren();
          continue;
        }
        list.replaceChildren(
          ...byId.get(tid)!.subs.map((s, i) => {
            const li = dom.el('li', 'legend-sub');
            li.dataset.subtheme = s.id;
            const sw = dom.el('span', 'swatch');
            sw.style.background = subColours[i] ?? '#8a909c';
            li.append(sw, dom.el('span', 'legend-label', `${s.id} ${s.label}`), dom.el('span', 'legend-size', dom.formatCount(s.size)));
            return li;
          }),
        );
      }
    },
  };
}
