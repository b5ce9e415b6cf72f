import type { ClientData } from './data.js';
import type { Dom } from './dom.js';

/**
 * Near-duplicate pairs, most similar first. A few hundred rows at most in the DOM; the JSON
 * report has them all.
 */
export function createDuplicates(dom: Dom, container: HTMLElement, data: ClientData, onSelect: (index: number) => void) {
  const SHOWN = 300;
  const d = data.dups;
  const pairs = d.length / 3;
  if (pairs === 0) {
    container.replaceChildren(dom.el('p', 'muted', `No pairs of papers with similarity ≥ ${data.meta.dupThreshold}.`));
    return;
  }
  const p = data.papers;
  const list = dom.el('ol', 'dups');
  for (let r = 0; r < Math.min(pairs, SHOWN); r++) {
    const a = d[r * 3];
    const b = d[r * 3 + 1];
    const item = dom.el('li', 'dup');
    item.append(dom.el('span', 'score', (d[r * 3 + 2] / 10000).toFixed(4)));
    const both = dom.el('div', 'dup-papers');
    for (const i of [a, b]) {
      const line = dom.el('div', 'dup-paper');
      line.append(dom.el('span', 'dup-title', p.title[i]), dom.el('span', 'dup-meta', [p.id[i], p.year[i] || ''].filter(Boolean).join(' · ')));
      both.append(dom.clickable(line, () => onSelect(i)));
    }
    item.append(both);
    list.append(item);
  }
  const nodes: HTMLElement[] = [list];
  if (pairs > SHOWN) nodes.push(dom.el('p', 'muted', `…and ${dom.formatCount(pairs - SHOWN)} more pairs (all of them are in the JSON report: paperscope report --format json).`));
  container.replaceChildren(...nodes);
}
