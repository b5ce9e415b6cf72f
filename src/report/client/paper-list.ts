import type { ClientData } from './data.js';
import type { Dom } from './dom.js';

/**
 * The list of papers, virtualised: only the rows in view (plus a few) exist in the DOM, so the
 * list of 35,000 papers costs as much as a list of 30.
 */
export function createPaperList(dom: Dom, viewport: HTMLElement, data: ClientData, colours: string[], onSelect: (index: number) => void) {
  const ROW_HEIGHT = 54;
  const OVERSCAN = 6;
  const p = data.papers;
  const labelOf = new Map(data.themes.map((t) => [t.id, t.label]));
  const spacer = dom.el('div', 'list-spacer');
  viewport.replaceChildren(spacer);
  let rows: Int32Array = new Int32Array(0);
  let selected = -1;
  let frame = 0;

  function row(i: number, position: number): HTMLElement {
    const item = dom.el('div', i === selected ? 'list-row selected' : 'list-row');
    item.style.top = `${position * ROW_HEIGHT}px`;
    item.dataset.index = String(i);
    const dot = dom.el('span', 'dot');
    dot.style.background = p.theme[i] >= 0 ? colours[p.theme[i]] : '#8a909c';
    const title = dom.el('div', 'list-title', p.title[i]);
    title.prepend(dot);
    const bits = [dom.truncate(p.authors[i] || 'unknown authors', 90)];
    if (p.year[i]) bits.push(String(p.year[i]));
    if (p.theme[i] >= 0) bits.push(labelOf.get(p.theme[i]) ?? '');
    item.append(title, dom.el('div', 'list-meta', bits.join(' · ')));
    return dom.clickable(item, () => onSelect(i));
  }

  function render() {
    frame = 0;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const nodes: HTMLElement[] = [];
    for (let r = first; r < last; r++) nodes.push(row(rows[r], r));
    spacer.replaceChildren(...nodes);
  }

  viewport.addEventListener('scroll', () => {
    if (!frame) frame = requestAnimationFrame(render);
  });
  new ResizeObserver(() => render()).observe(viewport);

  return {
    /** Shows these papers, in this order. */
    setRows(next: Int32Array) {
      rows = next;
      spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
      viewport.scrollTop = 0;
      render();
    },
    setSelected(i: number) {
      selected = i;
      render();
    },
    /** Scrolls the list to a paper if it is listed. */
    reveal(i: number) {
      const at = rows.indexOf(i);
      if (at < 0) return;
      const top = at * ROW_HEIGHT;
      if (top < viewport.scrollTop || top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) {
        viewport.scrollTop = Math.max(0, top - viewport.clientHeight / 2);
      }
      render();
    },
    get renderedRows() {
      return spacer.childElementCount;
    },
  };
}
