import type { ReportModel } from './model.js';

/**
 * The model as JSON: the top level indented, each paper, theme, pair and matrix row on one line,
 * so a 35k-paper report stays about as small as compact JSON yet reads (and diffs) line by line.
 */
export function renderJson(model: ReportModel): string {
  const lines = (items: unknown[]) => (items.length ? `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]` : '[]');
  const meta = JSON.stringify(model.meta, null, 2).replace(/\n/g, '\n  ');
  return [
    '{',
    `  "schema": ${JSON.stringify(model.schema)},`,
    `  "meta": ${meta},`,
    `  "themes": ${lines(model.themes)},`,
    `  "themeSimilarity": ${lines(model.themeSimilarity)},`,
    `  "themeOrder": ${JSON.stringify(model.themeOrder)},`,
    `  "overTime": ${JSON.stringify(model.overTime)},`,
    `  "papers": ${lines(model.papers)},`,
    `  "duplicates": ${lines(model.duplicates)}`,
    '}',
    '',
  ].join('\n');
}
