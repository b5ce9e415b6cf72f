import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportHook } from '../../src/report/client/data.js';
import type { ReportModel } from '../../src/report/model.js';
import { json, runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { DUPLICATES_FIXTURE, HOSTILE_FIXTURE, sampleIndex } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(PROJECT_ROOT, 'test-output', 'report-screenshot.png');
const HOSTILE_TITLE = '<script>alert(1)</script> Robust Parsing "><img src=x onerror=alert(1)>';

declare global {
  interface Window {
    __paperscopeReport: ReportHook;
  }
}

/** The page, plus everything it did that a report must never do: dialogs, errors, requests. */
interface Opened {
  page: Page;
  dialogs: string[];
  errors: string[];
  requests: string[];
}

// In CI a missing browser is a failure (the page would never have run); elsewhere these tests skip and say why.
const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;
if (skipBrowser) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or run .ci/run)`);

describe.skipIf(skipBrowser)('the HTML report in a real browser', () => {
  let index: Awaited<ReturnType<typeof sampleIndex>>;
  let reportUrl: string;
  let model: ReportModel;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    index = await sampleIndex([DUPLICATES_FIXTURE, HOSTILE_FIXTURE]);
    const out = join(index.root, 'report.html');
    const html = await runCli(['report', '--index', index.index, '--out', out]);
    expect(html.code, html.stderr).toBe(0);
    model = json<ReportModel>(await runCli(['report', '--index', index.index, '--format', 'json', '--out', '-']));
    reportUrl = pathToFileURL(out).href;
    userDataDir = mkdtempSync(join(tmpdir(), 'paperscope-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    index?.cleanup();
  });

  async function open(): Promise<Opened> {
    const page = await context.newPage();
    const opened: Opened = { page, dialogs: [], errors: [], requests: [] };
    page.on('dialog', (d) => {
      opened.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') opened.errors.push(m.text());
    });
    page.on('pageerror', (e) => opened.errors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== reportUrl) opened.requests.push(r.url());
    });
    await page.goto(reportUrl);
    await page.waitForFunction(() => window.__paperscopeReport?.ready === true);
    return opened;
  }

  const hook = (page: Page) => page.evaluate(() => ({ ...window.__paperscopeReport, positionOf: undefined }));
  const indexOf = (id: string) => model.papers.findIndex((p) => p.id === id);

  async function clickPaper(page: Page, i: number): Promise<void> {
    const at = await page.evaluate((index) => window.__paperscopeReport.positionOf(index), i);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction((index) => window.__paperscopeReport.selected === index, i);
  }

  it('draws every paper on the canvas, and not as DOM nodes', async () => {
    const { page, errors, requests } = await open();
    const n = model.papers.length;
    expect(n).toBe(29);
    expect(await hook(page)).toMatchObject({ pointsDrawn: n, visibleCount: n, highlightedCount: n, selected: -1, highlightedTheme: -1 });
    // Something was painted: many pixels differ from the background.
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('ps-map') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let o = 0; o < data.length; o += 4) if (data[o] < 240 || data[o + 2] < 240) count++;
      return count;
    });
    expect(painted).toBeGreaterThan(n * 10);
    expect(await page.locator('#ps-legend .legend-item').count()).toBe(model.themes.length);
    expect(await page.locator('#ps-title').textContent()).toBe(`29 papers in ${model.themes.length} themes`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('highlights a theme from the legend and zooms to it, and goes back on a second click', async () => {
    const { page } = await open();
    const theme = model.themes[0];
    const members = model.papers.filter((p) => p.theme === theme.id).length;
    expect(members).toBeLessThan(model.papers.length);
    const item = page.locator(`#ps-legend .legend-item[data-theme="${theme.id}"]`);
    await item.click();
    await page.waitForFunction((t) => window.__paperscopeReport.highlightedTheme === t, theme.id);
    const zoomed = await hook(page);
    expect(zoomed).toMatchObject({ highlightedCount: members, visibleCount: model.papers.length });
    expect(zoomed.zoom).toBeGreaterThanOrEqual(1); // to the theme's extent, which may be the whole map here
    expect(await item.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#ps-list-count').textContent()).toMatch(new RegExp(`^${members} papers in`));
    await item.click();
    await page.waitForFunction(() => window.__paperscopeReport.highlightedTheme === -1);
    expect(await hook(page)).toMatchObject({ highlightedCount: model.papers.length, pointsDrawn: model.papers.length, zoom: 1 });
    await page.close();
  });

  it('filters the map and the list by title and author words, ignoring case', async () => {
    const { page } = await open();
    const matching = (words: string[]) =>
      model.papers.filter((p) => words.every((w) => `${p.title} ${p.authors.join(', ')}`.toLowerCase().includes(w))).length;
    const expected = matching(['diffusion']);
    expect(expected).toBeGreaterThan(0);
    await page.fill('#ps-search', 'DIFFUSION');
    await page.waitForFunction((want) => window.__paperscopeReport.visibleCount === want, expected);
    expect((await hook(page)).pointsDrawn).toBe(expected);
    expect(await page.locator('#ps-list .list-row').count()).toBe(expected);
    expect(await page.locator('#ps-count').textContent()).toBe(`${expected} of 29 papers match`);
    // Author words work too, and every word must match.
    const twin = matching(['ada', 'twice']);
    expect(twin).toBe(2);
    await page.fill('#ps-search', 'Ada twice');
    await page.waitForFunction(() => window.__paperscopeReport.visibleCount === 2);
    await page.fill('#ps-search', 'no-such-word-anywhere');
    await page.waitForFunction(() => window.__paperscopeReport.visibleCount === 0);
    expect((await hook(page)).pointsDrawn).toBe(0);
    await page.fill('#ps-search', '');
    await page.waitForFunction(() => window.__paperscopeReport.visibleCount === 29);
    await page.close();
  });

  it('opens a paper when its dot is clicked, and jumps to a neighbour', async () => {
    const { page, errors } = await open();
    const i = model.papers.findIndex((p) => p.title === 'Paged Key-Value Caches for High-Throughput LLM Serving');
    const paper = model.papers[i];
    await page.fill('#ps-search', 'paged key-value');
    await page.waitForFunction(() => window.__paperscopeReport.visibleCount === 1);
    await clickPaper(page, i);
    expect(await page.locator('#ps-details .details-title').textContent()).toBe(paper.title);
    expect(await page.locator('#ps-details .details-authors').textContent()).toBe(paper.authors.join(', '));
    const rows = page.locator('#ps-details .neighbour');
    expect(await rows.count()).toBe(paper.neighbors.length);
    const scores = await page.locator('#ps-details .neighbour .score').allTextContents();
    expect(scores).toEqual(paper.neighbors.map((n) => n.similarity.toFixed(3)));
    await rows.first().click();
    await page.waitForFunction((want) => window.__paperscopeReport.selected === want, paper.neighbors[0].index);
    expect(await page.locator('#ps-details .details-title').textContent()).toBe(model.papers[paper.neighbors[0].index].title);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows hostile paper text as text and runs none of it', async () => {
    const { page, dialogs, errors, requests } = await open();
    const i = indexOf('2402.06666');
    expect(model.papers[i].title).toBe(HOSTILE_TITLE);
    // Hover shows the title in the tooltip; click shows the details.
    await page.fill('#ps-search', 'mallory');
    await page.waitForFunction(() => window.__paperscopeReport.visibleCount === 1);
    const at = await page.evaluate((index) => window.__paperscopeReport.positionOf(index), i);
    await page.mouse.move(at.x, at.y);
    await expect.poll(() => page.locator('#ps-tooltip .tip-title').textContent()).toBe(HOSTILE_TITLE);
    await clickPaper(page, i);
    const details = page.locator('#ps-details');
    expect(await details.locator('.details-title').textContent()).toBe(HOSTILE_TITLE);
    const text = (await details.textContent()) ?? '';
    expect(text).toContain('</script><script>alert(2)</script>');
    expect(text).toContain('"><img src=x onerror=alert(3)>');
    expect(text).toContain('Mallory "><img src=x onerror=alert(5)>');
    expect(text).toContain('Eve </script><script>alert(6)</script>');
    expect(await page.locator('#ps-list .list-row .list-title').first().textContent()).toBe(HOSTILE_TITLE);
    // Nothing was parsed as markup: no injected elements, no javascript: link, only the page's own two scripts.
    expect(await page.locator('body img, body iframe').count()).toBe(0);
    expect(await page.locator('a[href^="javascript" i]').count()).toBe(0);
    expect(await page.evaluate(() => document.scripts.length)).toBe(2);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('pans by dragging and zooms with the wheel, redrawing each time', async () => {
    const { page } = await open();
    const before = await page.evaluate(() => window.__paperscopeReport.positionOf(0));
    const draws = (await hook(page)).draws;
    const box = (await page.locator('#ps-map').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((d) => window.__paperscopeReport.draws > d, draws);
    const zoomed = await page.evaluate(() => window.__paperscopeReport.positionOf(0));
    expect(Math.hypot(zoomed.x - before.x, zoomed.y - before.y)).toBeGreaterThan(5);
    await page.mouse.move(box.x + 300, box.y + 300);
    await page.mouse.down();
    await page.mouse.move(box.x + 380, box.y + 340, { steps: 5 });
    await page.mouse.up();
    const panned = await page.evaluate(() => window.__paperscopeReport.positionOf(0));
    expect(panned.x - zoomed.x).toBeCloseTo(80, 0);
    expect(panned.y - zoomed.y).toBeCloseTo(40, 0);
    // A drag is not a click: nothing got selected.
    expect((await hook(page)).selected).toBe(-1);
    await page.close();
  });

  it('saves a screenshot of the sample corpus report that shows the map and the chosen paper', async () => {
    const { page } = await open();
    const i = model.papers.findIndex((p) => p.title.startsWith('Speculative Decoding'));
    await page.fill('#ps-search', 'speculative decoding');
    await page.waitForFunction(() => window.__paperscopeReport.visibleCount === 1);
    await clickPaper(page, i);
    await page.fill('#ps-search', '');
    await page.waitForFunction(() => window.__paperscopeReport.visibleCount === 29);
    // A calm picture: no focus ring on the search box, no tooltip.
    await page.locator('#ps-search').blur();
    await page.mouse.move(5, 790);
    mkdirSync(join(PROJECT_ROOT, 'test-output'), { recursive: true });
    rmSync(SCREENSHOT, { force: true }); // so the checks below see this run's picture
    await page.screenshot({ path: SCREENSHOT });
    const map = (await page.locator('#ps-map').boundingBox())!;
    const details = (await page.locator('#ps-details').boundingBox())!;
    expect(await page.locator('#ps-details .details-title').textContent()).toBe(model.papers[i].title);
    await page.close();
    // Look at the picture itself, decoded by the browser (in a blank page: the report's CSP forbids this):
    // coloured dots on the map, dark text in the details panel.
    const viewer = await context.newPage();
    const png = readFileSync(SCREENSHOT).toString('base64');
    const seen = await viewer.evaluate(
      async ({ png, map, details }) => {
        const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
        const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(image.width, image.height);
        const g = canvas.getContext('2d')!;
        g.drawImage(image, 0, 0);
        const count = (box: { x: number; y: number; width: number; height: number }, test: (r: number, gr: number, b: number) => boolean) => {
          const data = g.getImageData(box.x, box.y, box.width, box.height).data;
          let n = 0;
          for (let o = 0; o < data.length; o += 4) if (test(data[o], data[o + 1], data[o + 2])) n++;
          return n;
        };
        return {
          width: image.width,
          height: image.height,
          colouredMapPixels: count(map, (r, gr, b) => Math.max(r, gr, b) - Math.min(r, gr, b) > 60),
          darkDetailPixels: count(details, (r, gr, b) => r + gr + b < 200),
        };
      },
      { png, map, details },
    );
    expect(seen).toMatchObject({ width: 1280, height: 800 });
    expect(seen.colouredMapPixels).toBeGreaterThan(29 * 20);
    expect(seen.darkDetailPixels).toBeGreaterThan(500);
    await viewer.close();
  });
});
