import { escapeHtml } from './escape.js';

export interface PageParts {
  title: string;
  css: string;
  /** The data, already made safe for a script element (page/escape.ts). */
  dataJson: string;
  dataId: string;
  script: string;
  /** Content-Security-Policy for the page. */
  csp: string;
}

/**
 * The page skeleton. It holds no paper text: every title, abstract and name is put in by the
 * script with textContent. Only the page title and the CSP are interpolated, both escaped.
 */
export function pageHtml(p: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(p.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="paperscope">
<title>${escapeHtml(p.title)}</title>
<style>${p.css}</style>
</head>
<body>
<noscript><p>This report is interactive: open it in a web browser with JavaScript enabled. The same content is available as Markdown or JSON with <code>paperscope report --format md</code> or <code>--format json</code>.</p></noscript>
<div class="screen" id="ps-explore">
  <header class="top">
    <div class="brand">
      <span class="kicker">Paperscope similarity report</span>
      <h1 id="ps-title"></h1>
    </div>
    <div class="stats" id="ps-stats"></div>
    <details class="howto">
      <summary>How to read this</summary>
      <div class="howto-body">
        <p><b>Each dot is a paper.</b> Papers are placed by the meaning of their title and abstract (a sentence-embedding model), so papers close together on the map are about similar things.</p>
        <p><b>Colours are themes</b>: groups found by clustering the embeddings, named by their most distinctive words. Click a theme in the list on the right to highlight its papers; click it again to clear.</p>
        <p>The map squeezes hundreds of dimensions into two, so <b>trust neighbourhoods, not distances</b> between far-apart groups. The similarity scores (cosine similarity, 1 = identical text) are computed in the full space and are the reliable measure.</p>
        <p>Hover a dot for its title; click it for details and its nearest papers. Drag to pan, scroll to zoom, double-click to zoom in. Type in the search box to filter by title or author words. <kbd>Esc</kbd> clears.</p>
      </div>
    </details>
  </header>
  <ul class="notes" id="ps-notes" hidden></ul>
  <main class="explore">
    <section class="map-pane" aria-label="Map of the papers">
      <canvas id="ps-map" aria-label="Map: each dot is a paper, coloured by theme"></canvas>
      <div class="toolbar">
        <label class="search"><input id="ps-search" type="search" placeholder="Filter by title or author words" autocomplete="off" spellcheck="false" aria-label="Filter papers by title or author words"></label>
        <span class="count" id="ps-count"></span>
        <button class="tool" id="ps-clear-theme" type="button" hidden>← All themes</button>
        <span class="spacer"></span>
        <button class="tool" id="ps-zoom-in" type="button" title="Zoom in" aria-label="Zoom in">+</button>
        <button class="tool" id="ps-zoom-out" type="button" title="Zoom out" aria-label="Zoom out">−</button>
        <button class="tool" id="ps-reset" type="button" title="Show the whole map">Reset view</button>
      </div>
      <div class="map-hint">Drag to pan · scroll to zoom · click a dot for details</div>
    </section>
    <aside class="side" id="ps-side">
      <section class="legend-box" aria-label="Themes">
        <div class="legend-head-row"><h3>Themes</h3><span class="muted" style="font-size:12px">click to highlight</span></div>
        <ul class="legend" id="ps-legend"></ul>
      </section>
      <section class="details" id="ps-details" aria-live="polite" aria-label="Selected paper"></section>
    </aside>
  </main>
</div>
<div class="lower">
  <section class="card">
    <div class="card-head"><h3>Papers</h3><span class="muted" id="ps-list-count"></span>
      <select id="ps-sort" aria-label="Order the list">
        <option value="theme">by theme</option>
        <option value="year">newest first</option>
        <option value="title">by title</option>
      </select>
    </div>
    <div class="list" id="ps-list" role="list"></div>
  </section>
  <div class="column">
    <section class="card">
      <div class="card-head"><h3>How the themes relate</h3></div>
      <p class="card-note">Cosine similarity of the theme centres: darker cells are themes closer in meaning.</p>
      <div class="heatmap-wrap" id="ps-heatmap"></div>
    </section>
    <section class="card">
      <div class="card-head"><h3>Themes over time</h3></div>
      <p class="card-note">Each theme's share of the papers of each period, scaled to its own peak; ▲ grew, ▼ shrank over the last year. Point at a line for its counts.</p>
      <p class="card-note" id="ps-time-readout" aria-live="polite"></p>
      <div id="ps-time"></div>
    </section>
    <section class="card">
      <div class="card-head"><h3>Near-duplicates</h3><span class="muted"><span id="ps-dups-count"></span> pairs</span></div>
      <p class="card-note">Pairs of papers whose abstracts are nearly the same text: likely the same work posted twice, or a version of it.</p>
      <div id="ps-dups"></div>
    </section>
  </div>
</div>
<footer id="ps-footer"></footer>
<div class="tooltip" id="ps-tooltip" hidden></div>
<script type="application/json" id="${p.dataId}">${p.dataJson}</script>
<script>${p.script}</script>
</body>
</html>
`;
}
