import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ClientData } from '../../src/report/client/data.js';
import { renderHtml } from '../../src/report/html.js';
import { themePalette } from '../../src/report/client/palette.js';
import { tinyModel } from './model-fixture.js';

const HOSTILE_TITLE = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)>';

function hostileReport(): string {
  const model = tinyModel();
  model.papers[0].title = HOSTILE_TITLE;
  model.papers[0].excerpt = 'x </SCRIPT> <!-- \u2028 \u2029';
  model.papers[0].authors = ['<b>Mallory</b>'];
  model.themes[0].label = '</script>';
  return renderHtml(model);
}

function scripts(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ attrs: m[1], body: m[2] }));
}

describe('HTML report', () => {
  it('is one file with exactly two script elements: the JSON data and the page script', () => {
    const html = hostileReport();
    const found = scripts(html);
    expect(found).toHaveLength(2);
    expect(found[0].attrs).toContain('type="application/json"');
    expect(found[1].attrs).toBe('');
    // Hostile text cannot close the data element early: the data parses and holds it intact.
    const data = JSON.parse(found[0].body) as ClientData;
    expect(data.papers.title[0]).toBe(HOSTILE_TITLE);
    expect(data.papers.excerpt[0]).toBe('x </SCRIPT> <!-- \u2028 \u2029');
    expect(data.themes[0].label).toBe('</script>');
  });

  it('has no paper text in the markup itself', () => {
    const html = hostileReport();
    const markup = html.replace(/<script[\s\S]*?<\/script>/gi, '');
    expect(markup).not.toContain('Mallory');
    expect(markup).not.toContain('onerror');
  });

  it('loads nothing from the network and lets only its own script run', () => {
    const html = hostileReport();
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    expect(csp).toContain("default-src 'none'");
    const script = scripts(html)[1].body;
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-inline\'; script');
  });

  it('has a page script that parses as JavaScript', () => {
    const script = scripts(hostileReport())[1].body;
    expect(() => new Function(script)).not.toThrow();
  });
});

describe('theme colours', () => {
  it('gives distinct colours, beyond the hand-picked twenty too', () => {
    const colours = themePalette(60);
    expect(colours).toHaveLength(60);
    expect(new Set(colours).size).toBe(60);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});
