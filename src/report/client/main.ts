/**
 * The page script's entry: esbuild bundles it with every module it imports into one script at build
 * time (scripts/build-client.ts, `npm run build`), which html.ts puts inline in each report. The data
 * sits in a JSON script element, which the browser never executes.
 */
import { startReport } from './app.js';
import { DATA_ELEMENT_ID, type ClientData } from './data.js';

startReport(JSON.parse(document.getElementById(DATA_ELEMENT_ID)!.textContent!) as ClientData);
