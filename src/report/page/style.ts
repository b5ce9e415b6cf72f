/** The report's stylesheet: system fonts only (nothing fetched), laid out for 1280x800 and up. */
export const REPORT_CSS = `
:root {
  --ink: #1d2330;
  --muted: #5f6878;
  --faint: #8a919e;
  --line: #e2e5ea;
  --bg: #f3f4f7;
  --panel: #ffffff;
  --accent: #2f5fa7;
  --warn: #9a6b00;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 var(--font); }
h1, h2, h3 { margin: 0; font-weight: 650; letter-spacing: -0.01em; }
button, input, select { font: inherit; color: inherit; }
.muted { color: var(--muted); }
.mono { font-family: var(--mono); font-size: 12px; }
[hidden] { display: none !important; }

/* First screen: header, then map + side panel filling the window. */
.screen { height: 100vh; min-height: 560px; display: flex; flex-direction: column; }
.top { flex: none; display: flex; align-items: center; gap: 18px; padding: 10px 20px; background: var(--panel); border-bottom: 1px solid var(--line); }
.brand { display: flex; flex-direction: column; min-width: 0; }
.brand .kicker { font-size: 11px; letter-spacing: 0.08em; text-transform: uppercase; color: var(--accent); font-weight: 650; }
.brand h1 { font-size: 19px; white-space: nowrap; }
.stats { display: flex; flex-wrap: wrap; gap: 6px 14px; color: var(--muted); font-size: 13px; flex: 1; min-width: 0; }
.stat { white-space: nowrap; }
.stat b { color: var(--ink); font-weight: 600; }
.stat.warn { color: var(--warn); font-weight: 600; }
.howto { position: relative; flex: none; }
.howto summary { cursor: pointer; list-style: none; padding: 6px 12px; border: 1px solid var(--line); border-radius: 999px; font-size: 13px; color: var(--accent); background: #f7f9fc; }
.howto summary::-webkit-details-marker { display: none; }
.howto[open] summary { background: #e9f0fa; }
.howto-body { position: absolute; right: 0; top: 40px; width: 430px; z-index: 20; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; box-shadow: 0 12px 32px rgba(20, 28, 45, 0.16); font-size: 13px; }
.howto-body p { margin: 0 0 8px; }
.howto-body p:last-child { margin-bottom: 0; }
.notes { flex: none; margin: 0; padding: 6px 20px 6px 38px; background: #fff8e6; border-bottom: 1px solid #f0e2bd; color: #6b4e00; font-size: 13px; }

.explore { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 390px; }
.map-pane { position: relative; min-width: 0; background: #fcfcfd; }
#ps-map { position: absolute; inset: 0; width: 100%; height: 100%; display: block; cursor: default; touch-action: none; }
#ps-map.dragging { cursor: grabbing; }
.toolbar { position: absolute; top: 14px; left: 14px; right: 14px; display: flex; gap: 8px; align-items: center; pointer-events: none; }
.toolbar > * { pointer-events: auto; }
.search { position: relative; width: 340px; max-width: 50%; }
.search input { width: 100%; padding: 8px 12px 8px 32px; border: 1px solid #d5d9e0; border-radius: 8px; background: rgba(255, 255, 255, 0.96); box-shadow: 0 1px 3px rgba(20, 28, 45, 0.08); outline: none; }
.search input:focus { border-color: var(--accent); box-shadow: 0 0 0 3px rgba(47, 95, 167, 0.15); }
.search::before { content: ""; position: absolute; left: 11px; top: 50%; width: 9px; height: 9px; margin-top: -7px; border: 2px solid var(--faint); border-radius: 50%; }
.search::after { content: ""; position: absolute; left: 21px; top: 50%; width: 2px; height: 6px; margin-top: 2px; background: var(--faint); transform: rotate(-45deg); }
.count { padding: 5px 10px; border-radius: 8px; background: rgba(255, 255, 255, 0.9); color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.spacer { flex: 1; pointer-events: none; }
.tool { border: 1px solid #d5d9e0; background: rgba(255, 255, 255, 0.96); border-radius: 8px; padding: 5px 10px; cursor: pointer; font-size: 13px; min-width: 32px; }
.tool:hover { border-color: var(--accent); color: var(--accent); }
.map-hint { position: absolute; left: 14px; bottom: 10px; color: var(--faint); font-size: 12px; pointer-events: none; }
.tooltip { position: fixed; z-index: 30; max-width: 340px; padding: 8px 10px; background: rgba(24, 29, 40, 0.95); color: #fff; border-radius: 8px; pointer-events: none; box-shadow: 0 6px 18px rgba(0, 0, 0, 0.2); font-size: 12.5px; }
.tip-title { font-weight: 600; line-height: 1.3; }
.tip-meta { color: #c9cfda; margin-top: 3px; }
.tip-theme { margin-top: 5px; padding-left: 7px; border-left: 3px solid; color: #e5e9f0; }

.side { display: flex; flex-direction: column; min-height: 0; background: var(--panel); border-left: 1px solid var(--line); }
.side h3, .card h3 { font-size: 12px; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted); font-weight: 650; }
.legend-box { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; border-bottom: 1px solid var(--line); }
.side.has-selection .legend-box { flex: 0 0 auto; max-height: 34%; }
.legend-head-row { display: flex; align-items: center; justify-content: space-between; padding: 12px 16px 6px; }
.link-button { border: 0; background: none; color: var(--accent); cursor: pointer; padding: 0; font-size: 12.5px; }
.legend { list-style: none; margin: 0; padding: 0 8px 10px; overflow: auto; }
.legend-item { padding: 5px 8px; border-radius: 8px; cursor: pointer; outline: none; }
.legend-item:hover, .legend-item:focus-visible { background: #f1f4f9; }
.legend.has-active .legend-item { opacity: 0.45; }
.legend.has-active .legend-item.active { opacity: 1; background: #eaf0f9; }
.legend-head { display: flex; align-items: center; gap: 8px; }
.time-row { display: flex; align-items: center; gap: 10px; padding: 2px 4px; border-radius: 6px; cursor: pointer; }
.time-row:hover { background: #f1f4f9; }
.time-label { flex: 0 0 190px; font-size: 12.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.time-line { flex: 1 1 auto; height: 28px; min-width: 120px; }
.legend-subs { list-style: none; margin: 6px 0 2px 14px; padding: 0; }
.legend-sub { display: flex; align-items: center; gap: 8px; padding: 2px 0; }
.legend-sub .legend-label { font-weight: 500; font-size: 12.5px; }
.swatch { flex: none; display: inline-block; width: 11px; height: 11px; border-radius: 3px; }
.legend-label { flex: 1; font-weight: 600; font-size: 13.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.legend-size { color: var(--muted); font-size: 12.5px; font-variant-numeric: tabular-nums; }
.legend-keywords { margin: 1px 0 0 19px; color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

.details { flex: 0 0 auto; min-height: 0; overflow: auto; padding: 16px 18px 20px; }
.side.has-selection .details { flex: 1 1 auto; }
.details-empty { color: var(--muted); padding: 4px 6px; font-size: 13px; }
.details-empty p { margin: 0 0 4px; }
.details-empty-title { font-weight: 600; color: var(--ink); }
.details-top { margin-bottom: 10px; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px; border: 1px solid var(--line); border-radius: 999px; font-size: 12.5px; cursor: pointer; background: #fafbfc; max-width: 100%; }
.chip:hover { border-color: var(--accent); }
.chip.muted { cursor: default; }
.dot { flex: none; display: inline-block; width: 9px; height: 9px; border-radius: 50%; }
.details-title { font-size: 17px; line-height: 1.3; margin-bottom: 6px; overflow-wrap: anywhere; }
.details-authors { margin: 0 0 4px; color: var(--ink); overflow-wrap: anywhere; }
.details-facts { margin: 0 0 8px; color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.open-link { display: inline-block; margin-bottom: 10px; color: var(--accent); font-weight: 600; text-decoration: none; }
.open-link:hover { text-decoration: underline; }
.details-excerpt { margin: 0 0 12px; color: #3a4252; overflow-wrap: anywhere; }
.details-between { color: var(--muted); font-size: 12.5px; display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.details-sub { margin: 14px 0 6px; }
.neighbours { list-style: none; margin: 0; padding: 0; }
.neighbour { display: grid; grid-template-columns: 44px 46px 1fr; gap: 8px; align-items: center; padding: 6px 6px; border-radius: 8px; cursor: pointer; outline: none; }
.neighbour:hover, .neighbour:focus-visible { background: #f1f4f9; }
.score { font-variant-numeric: tabular-nums; font-family: var(--mono); font-size: 12px; color: var(--muted); }
.bar { height: 5px; background: #eceef2; border-radius: 3px; overflow: hidden; }
.bar-fill { display: block; height: 100%; }
.neighbour-text { display: flex; flex-direction: column; min-width: 0; }
.neighbour-title { font-size: 13px; line-height: 1.3; overflow-wrap: anywhere; }
.neighbour-meta { color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

/* Below the fold: the list, the heatmap and the near-duplicates. */
.lower { display: grid; grid-template-columns: minmax(0, 1.35fr) minmax(0, 1fr); gap: 18px; padding: 18px 20px 8px; align-items: start; }
.column { display: flex; flex-direction: column; gap: 18px; min-width: 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; min-width: 0; }
.card-head { display: flex; align-items: baseline; gap: 10px; margin-bottom: 10px; }
.card-head .muted { font-size: 12.5px; }
.card-head select { margin-left: auto; border: 1px solid var(--line); border-radius: 6px; padding: 2px 6px; background: #fff; font-size: 12.5px; }
.card-note { margin: -4px 0 10px; color: var(--muted); font-size: 12.5px; }
.list { position: relative; height: 560px; overflow: auto; border-top: 1px solid var(--line); }
.list-spacer { position: relative; }
.list-row { position: absolute; left: 0; right: 0; height: 54px; padding: 7px 10px; border-bottom: 1px solid #f0f1f4; cursor: pointer; outline: none; }
.list-row:hover, .list-row:focus-visible { background: #f6f8fb; }
.list-row.selected { background: #eaf0f9; }
.list-title { display: flex; align-items: center; gap: 8px; font-weight: 550; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.list-title .dot { margin-top: 1px; }
.list-meta { margin-left: 17px; color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.heatmap-wrap { overflow: auto; }
.heatmap { border-collapse: separate; border-spacing: 2px; font-size: 11px; }
.heatmap td { height: 20px; padding: 0; text-align: center; border-radius: 3px; font-variant-numeric: tabular-nums; }
.heatmap td.diag { background: #eceef2; }
.heatmap th { font-weight: 500; color: var(--muted); white-space: nowrap; font-size: 11px; }
.heatmap th.col-head { padding: 0; text-align: center; }
.heatmap th.row-head { text-align: left; padding-right: 8px; cursor: pointer; display: flex; align-items: center; gap: 6px; height: 20px; }
.heatmap th.row-head:hover { color: var(--accent); }
.heatmap th.col-head { display: table-cell; vertical-align: bottom; }
.heatmap th.col-head .swatch { display: block; margin: 0 auto 2px; width: 8px; height: 8px; }
.heatmap-canvas { width: 100%; max-width: 480px; image-rendering: pixelated; cursor: crosshair; }
.dups { list-style: none; margin: 0; padding: 0; max-height: 420px; overflow: auto; }
.dup { display: grid; grid-template-columns: 58px 1fr; gap: 10px; padding: 8px 4px; border-bottom: 1px solid #f0f1f4; }
.dup .score { padding-top: 2px; color: #b3261e; }
.dup-paper { display: flex; flex-direction: column; padding: 2px 6px; border-radius: 6px; cursor: pointer; outline: none; }
.dup-paper:hover, .dup-paper:focus-visible { background: #f1f4f9; }
.dup-title { overflow-wrap: anywhere; }
.dup-meta { color: var(--muted); font-size: 12px; }
footer { padding: 8px 20px 24px; color: var(--faint); font-size: 12px; }
noscript p { margin: 40px; font-size: 16px; }
@media (max-width: 980px) {
  .explore { grid-template-columns: 1fr; grid-template-rows: minmax(360px, 1fr) auto; }
  .side { border-left: 0; border-top: 1px solid var(--line); max-height: 50vh; }
  .lower { grid-template-columns: 1fr; }
}
`;
