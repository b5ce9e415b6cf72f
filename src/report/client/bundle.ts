import { startReport, type ClientParts } from './app.js';
import { createDetails } from './details.js';
import { createDom } from './dom.js';
import { createDuplicates } from './duplicates-view.js';
import { createHeatmap } from './heatmap.js';
import { createLegend } from './legend.js';
import { createMapView } from './map-view.js';
import { themePalette } from './palette.js';
import { createPaperList } from './paper-list.js';

const PARTS: ClientParts = { createDom, themePalette, createMapView, createPaperList, createDetails, createLegend, createHeatmap, createDuplicates };

/**
 * The page's script. The client code is ordinary type-checked TypeScript; here each function's
 * compiled source (Function.prototype.toString) is written into one script, and startReport gets
 * the others as arguments. That is why client functions must not reference anything outside their
 * own bodies. The data is read from the JSON block `dataId`, which the browser never executes.
 */
export function clientScript(dataId: string): string {
  const parts = Object.entries(PARTS)
    .map(([name, fn]) => `  const ${name} = ${(fn as (...args: never[]) => unknown).toString()};`)
    .join('\n\n');
  return [
    '(function () {',
    "  'use strict';",
    parts,
    `  const startReport = ${startReport.toString()};`,
    `  const data = JSON.parse(document.getElementById(${JSON.stringify(dataId)}).textContent);`,
    `  startReport(data, { ${Object.keys(PARTS).join(', ')} });`,
    '})();',
  ].join('\n');
}
