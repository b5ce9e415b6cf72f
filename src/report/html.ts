import { createHash } from 'node:crypto';
import { DATA_ELEMENT_ID } from './client/data.js';
import type { ReportModel } from './model.js';
import { jsonForScript } from './page/escape.js';
import { packForClient } from './page/pack.js';
import { REPORT_CSS } from './page/style.js';
import { pageScript } from './page/script.js';
import { pageHtml } from './page/template.js';

/**
 * The report as one self-contained HTML file: data, script and style inline, nothing fetched, so
 * it opens offline and survives being emailed. The Content-Security-Policy allows no network at
 * all and only the page's own script (by its hash): even if paper text were ever parsed as HTML,
 * an injected script or inline handler would not run.
 */
export function renderHtml(model: ReportModel): string {
  const script = pageScript();
  // A bug, not bad input: the script is our own code, and these would end the element early.
  if (/<\/script|<!--/i.test(script)) throw new Error('report client script contains </script or <!--');
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return pageHtml({
    title: `Paperscope report: ${plural(model.meta.counts.papers, 'paper')}, ${plural(model.meta.counts.themes, 'theme')}`,
    css: REPORT_CSS,
    dataJson: jsonForScript(packForClient(model)),
    dataId: DATA_ELEMENT_ID,
    script,
    csp,
  });
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
