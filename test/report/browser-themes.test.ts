import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportHook } from '../../src/report/client/data.js';
import type { ReportModel } from '../../src/report/model.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

const CHROMIUM = '/usr/bin/chromium';

declare global {
  interface Window {
    __paperscopeReport: ReportHook;
  }
}

const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;
if (skipBrowser) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or run .ci/run)`);

describe.skipIf(skipBrowser)('the report zooms into themes and their sub-themes', () => {
  let tmp: ReturnType<typeof tempDir>;
  let model: ReportModel;
  let url: string;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    tmp = tempDir();
    const index = join(tmp.path, 'index');
    const corpus = join(tmp.path, 'corpus.jsonl');
    writeSyntheticCorpus(corpus, 300);
    expect((await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID])).code).toBe(0);
    expect((await runCli(['themes', '--index', index, '--k', '5'])).code).toBe(0);
    const out = join(tmp.path, 'report.html');
    const r = await runCli(['report', '--index', index, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    model = json<ReportModel>(await runCli(['report', '--index', index, '--format', 'json', '--out', '-']));
    url = pathToFileURL(out).href;
    userDataDir = mkdtempSync(join(tmpdir(), 'paperscope-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    tmp?.cleanup();
  });

  async function open(): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__paperscopeReport?.ready === true);
    return { page, errors };
  }

  it('lists themes in the legend and the heatmap with similar themes next to each other', async () => {
    const { page } = await open();
    expect([...model.themeOrder].sort()).toEqual(model.themes.map((t) => t.id).sort());
    const legend = await page.locator('#ps-legend .legend-item').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.theme)));
    expect(legend).toEqual(model.themeOrder);
    const rows = await page.locator('#ps-heatmap .row-head').allTextContents();
    expect(rows.map((r) => Number(r.split(' ')[0]))).toEqual(model.themeOrder);
    // Each step goes to the most similar theme not yet listed.
    for (let i = 1; i < model.themeOrder.length; i++) {
      const from = model.themeOrder[i - 1];
      const rest = model.themeOrder.slice(i);
      const best = Math.max(...rest.map((t) => model.themeSimilarity[from][t]));
      expect(model.themeSimilarity[from][model.themeOrder[i]]).toBe(best);
    }
    await page.close();
  });

  it('a click on a theme zooms the map to it in its sub-themes\' colours; "All themes" goes back', async () => {
    const { page, errors } = await open();
    const theme = model.themes.find((t) => t.subthemes.length >= 2)!;
    const members = model.papers.filter((p) => p.theme === theme.id);
    await page.locator(`#ps-legend .legend-item[data-theme="${theme.id}"]`).click();
    await page.waitForFunction((t) => window.__paperscopeReport.highlightedTheme === t && window.__paperscopeReport.zoom > 1.2, theme.id);
    const zoomed = await page.evaluate(() => ({ ...window.__paperscopeReport, positionOf: undefined }));
    expect(zoomed.subColoured).toBe(members.length);
    expect(zoomed.highlightedCount).toBe(members.length);
    // The active entry lists the sub-themes, each with its own swatch colour.
    const subs = page.locator(`#ps-legend .legend-item[data-theme="${theme.id}"] .legend-sub`);
    expect(await subs.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.subtheme))).toEqual(theme.subthemes.map((s) => s.id));
    const swatches = await subs.locator('.swatch').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.background));
    expect(new Set(swatches).size).toBe(theme.subthemes.length);
    // On the canvas, a paper of sub-theme 1 and one of sub-theme 2 are drawn in different colours.
    const colourAt = (i: number) =>
      page.evaluate((index) => {
        const at = window.__paperscopeReport.positionOf(index);
        const canvas = document.getElementById('ps-map') as HTMLCanvasElement;
        const rect = canvas.getBoundingClientRect();
        const ratio = canvas.width / rect.width;
        const d = canvas.getContext('2d')!.getImageData(Math.round((at.x - rect.left) * ratio), Math.round((at.y - rect.top) * ratio), 1, 1).data;
        return `${d[0]},${d[1]},${d[2]}`;
      }, i);
    const seen = new Map<string, Set<string>>();
    for (const p of members.slice(0, 40)) {
      const c = await colourAt(p.index);
      seen.set(p.subtheme!, (seen.get(p.subtheme!) ?? new Set()).add(c));
    }
    const [a, b] = theme.subthemes.map((s) => seen.get(s.id) ?? new Set<string>());
    expect([...a].some((c) => !b.has(c))).toBe(true);
    await page.locator('#ps-clear-theme').click();
    await page.waitForFunction(() => window.__paperscopeReport.highlightedTheme === -1);
    const back = await page.evaluate(() => ({ ...window.__paperscopeReport, positionOf: undefined }));
    expect(back).toMatchObject({ zoom: 1, subColoured: 0, highlightedCount: model.papers.length, pointsDrawn: model.papers.length });
    expect(await page.locator('#ps-clear-theme').isHidden()).toBe(true);
    expect(await subs.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('charts each theme\'s share over time; pointing says the counts, clicking zooms to the theme', async () => {
    const { page, errors } = await open();
    const o = model.overTime;
    expect(o.period).toBe('month');
    expect(o.periods.length).toBeGreaterThan(12);
    const rows = page.locator('#ps-time .time-row');
    expect(await rows.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.theme)))).toEqual(model.themeOrder);
    const id = model.themeOrder[0];
    const series = o.themes.find((t) => t.theme === id)!;
    const line = rows.first().locator('svg');
    await line.scrollIntoViewIfNeeded();
    const box = (await line.boundingBox())!;
    // The last period sits at the right end of the line.
    await line.hover({ position: { x: box.width - 1, y: box.height / 2 } });
    const last = o.periods.length - 1;
    const share = ((100 * series.counts[last]) / o.totals[last]).toFixed(1);
    await expect
      .poll(() => page.locator('#ps-time-readout').textContent())
      .toBe(`${model.themes[id].label}, ${o.periods[last]}: ${series.counts[last]} of ${o.totals[last]} papers (${share}%)`);
    await rows.first().click();
    await page.waitForFunction((t) => window.__paperscopeReport.highlightedTheme === t, id);
    expect(errors).toEqual([]);
    await page.close();
  });
});
