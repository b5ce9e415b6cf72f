import type { ClientData } from './data.js';
import type { Dom } from './dom.js';

/**
 * Theme-to-theme similarity (cosine of the theme centres) as a heatmap: a table up to 30 themes,
 * where each cell can carry its number, a canvas beyond. Rows and columns follow data.themeOrder, so
 * similar themes make blocks along the diagonal.
 */
export function createHeatmap(dom: Dom, container: HTMLElement, data: ClientData, colours: string[], onTheme: (id: number) => void) {
  const k = data.themes.length;
  const order = data.themeOrder;
  // Reindexed by position in the order; `colours`, labels and clicks take the theme id order[i].
  const sim = order.map((a) => order.map((b) => data.themeSim[a][b]));
  const colourAt = order.map((id) => colours[id]);
  let lo = 1;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) lo = Math.min(lo, sim[i][j] / 1000);
  if (lo >= 1) lo = 0;
  /** Light to dark blue; the diagonal (1.0) is left pale so it does not dominate. */
  const shade = (v: number) => {
    const t = Math.max(0, Math.min(1, (v - lo) / Math.max(1e-6, 1 - lo)));
    const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
    return `rgb(${mix(243, 31)}, ${mix(246, 78)}, ${mix(250, 140)})`;
  };
  const labelOf = (i: number) => data.themes[order[i]]?.label ?? `theme ${order[i]}`;

  if (k === 0) {
    container.replaceChildren(dom.el('p', 'muted', 'No themes.'));
    return;
  }
  if (k <= 30) {
    // Narrower cells as k grows, so up to 30 themes fit beside their names.
    const cellPx = Math.max(11, Math.min(30, Math.floor(330 / k)));
    const table = dom.el('table', 'heatmap');
    const head = dom.el('tr');
    head.append(dom.el('th', 'corner'));
    for (let j = 0; j < k; j++) {
      const th = dom.el('th', 'col-head');
      const sw = dom.el('span', 'swatch');
      sw.style.background = colourAt[j];
      th.append(sw, dom.el('span', '', String(order[j])));
      th.title = labelOf(j);
      head.append(th);
    }
    table.append(head);
    for (let i = 0; i < k; i++) {
      const tr = dom.el('tr');
      const th = dom.el('th', 'row-head');
      const sw = dom.el('span', 'swatch');
      sw.style.background = colourAt[i];
      th.append(sw, dom.el('span', '', dom.truncate(`${order[i]} ${labelOf(i)}`, 26)));
      th.title = labelOf(i);
      tr.append(dom.clickable(th, () => onTheme(order[i])));
      for (let j = 0; j < k; j++) {
        const v = sim[i][j] / 1000;
        const td = dom.el('td', i === j ? 'diag' : '', k <= 8 && i !== j ? v.toFixed(2) : '');
        td.style.width = td.style.minWidth = `${cellPx}px`;
        if (i !== j) {
          td.style.background = shade(v);
          td.style.color = (v - lo) / Math.max(1e-6, 1 - lo) > 0.55 ? '#fff' : '#1d2330';
        }
        td.title = `${labelOf(i)} ↔ ${labelOf(j)}: ${v.toFixed(3)}`;
        tr.append(td);
      }
      table.append(tr);
    }
    container.replaceChildren(table);
    return;
  }
  const cell = Math.max(4, Math.floor(480 / k));
  const canvas = dom.el('canvas', 'heatmap-canvas');
  canvas.width = cell * k;
  canvas.height = cell * k;
  const ctx = canvas.getContext('2d')!;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      ctx.fillStyle = i === j ? '#e8ebf0' : shade(sim[i][j] / 1000);
      ctx.fillRect(j * cell, i * cell, cell, cell);
    }
  }
  const tip = dom.el('p', 'heatmap-tip muted', 'Point at a cell to see the two themes.');
  canvas.addEventListener('mousemove', (event) => {
    const rect = canvas.getBoundingClientRect();
    const j = Math.floor(((event.clientX - rect.left) / rect.width) * k);
    const i = Math.floor(((event.clientY - rect.top) / rect.height) * k);
    if (i >= 0 && j >= 0 && i < k && j < k) tip.textContent = `${labelOf(i)} ↔ ${labelOf(j)}: ${(sim[i][j] / 1000).toFixed(3)}`;
  });
  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const i = Math.floor(((event.clientY - rect.top) / rect.height) * k);
    if (i >= 0 && i < k) onTheme(order[i]);
  });
  container.replaceChildren(canvas, tip);
}
