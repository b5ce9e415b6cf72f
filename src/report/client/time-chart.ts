import type { ClientData } from './data.js';
import type { Dom } from './dom.js';

const W = 240;
const H = 28;
const SVG = 'http://www.w3.org/2000/svg';

/**
 * Theme shares over time as small multiples: one row per theme (in the legend's order), its share of each
 * period's papers as a line scaled to its own peak, so the shapes compare and the collection's growth does not
 * lift every line. Pointing at a row says the period's count and share; clicking it zooms the map to the theme.
 */
export function createTimeChart(dom: Dom, container: HTMLElement, data: ClientData, colours: string[], onTheme: (id: number) => void) {
  const { periods, totals, counts, trend, undated, period } = data.time;
  const readout = dom.byId('ps-time-readout');
  if (periods.length === 0) {
    container.replaceChildren(dom.el('p', 'muted', 'No paper has a date: nothing to chart over time.'));
    return;
  }
  const note = `${periods[0]} to ${periods[periods.length - 1]}, by ${period}${undated ? `; ${dom.formatCount(undated)} papers without a date${period === 'month' ? ' (or with only a year)' : ''} are left out` : ''}.`;
  const rows: HTMLElement[] = [dom.el('p', 'card-note time-span', note)];
  const labelOf = new Map(data.themes.map((t) => [t.id, t.label]));
  for (const id of data.themeOrder) {
    const row = dom.el('div', 'time-row');
    row.dataset.theme = String(id);
    const shares = counts[id].map((c, i) => (totals[i] ? c / totals[i] : 0));
    const peak = Math.max(1e-9, ...shares);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('class', 'time-line');
    const step = periods.length > 1 ? W / (periods.length - 1) : 0;
    const points = shares.map((v, i) => `${(i * step).toFixed(1)},${(H - 2 - (v / peak) * (H - 4)).toFixed(1)}`).join(' ');
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', periods.length > 1 ? points : `0,${H / 2} ${W},${H / 2}`);
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', colours[id]);
    line.setAttribute('stroke-width', '2');
    svg.append(line);
    const mark = trend[id] === 'grew' ? ' ▲' : trend[id] === 'shrank' ? ' ▼' : '';
    row.append(dom.el('span', 'time-label', dom.truncate(`${id} ${labelOf.get(id) ?? ''}`, 30) + mark), svg);
    row.title = `${labelOf.get(id) ?? ''}: click to zoom the map to it`;
    svg.addEventListener('mousemove', (event) => {
      const rect = svg.getBoundingClientRect();
      const i = Math.max(0, Math.min(periods.length - 1, Math.round(((event.clientX - rect.left) / rect.width) * (periods.length - 1))));
      readout.textContent = `${labelOf.get(id) ?? ''}, ${periods[i]}: ${dom.formatCount(counts[id][i])} of ${dom.formatCount(totals[i])} papers (${(100 * shares[i]).toFixed(1)}%)`;
    });
    rows.push(dom.clickable(row, () => onTheme(id)));
  }
  container.replaceChildren(...rows);
}
