import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownLink } from '../../src/report/markdown-escape.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { tinyModel } from './model-fixture.js';

describe('Markdown escaping', () => {
  it('makes markup, links, emphasis, code and tables inert', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    expect(escapeMarkdown('"><img src=x onerror=alert(1)>')).toBe('"&gt;&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeMarkdown('*bold* _it_ `code` [link](javascript:x) a|b ~~s~~ $x$ # h')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]\\(javascript:x\\) a\\|b \\~\\~s\\~\\~ \\$x\\$ \\# h',
    );
    expect(escapeMarkdown('AT&T\\n')).toBe('AT&amp;T\\\\n');
  });

  it('collapses newlines so text cannot end a list item or a table row', () => {
    expect(escapeMarkdown('line one\n\n# not a heading\r\n| not | a row |')).toBe('line one \\# not a heading \\| not \\| a row \\|');
  });

  it('links only web URLs, with the destination kept in one piece', () => {
    expect(markdownLink('t', 'javascript:alert(1)')).toBe('t');
    expect(markdownLink('t', 'data:text/html,x')).toBe('t');
    expect(markdownLink('t', undefined)).toBe('t');
    expect(markdownLink('t', 'https://x.org/a (b)<c>')).toBe('[t](https://x.org/a%20%28b%29%3Cc%3E)');
  });
});

describe('Markdown report', () => {
  it('has the summary, themes table, theme similarity, duplicates and papers by theme', () => {
    const md = renderMarkdown(tinyModel());
    expect(md).toMatch(/^# Similarity report: 3 papers in 2 themes/);
    expect(md).toContain('## Themes');
    expect(md).toContain('| 0 | graphs · nodes | 2 | 0.80 | graphs, nodes, edges |');
    expect(md).toContain('## How the themes relate');
    expect(md).toContain('| **0** graphs · nodes | – | 0.30 |');
    expect(md).toContain('## Near-duplicates');
    expect(md).toMatch(/\| 0\.9700 \| \[Graph Networks\]\(https:\/\/arxiv\.org\/abs\/2401\.00001\) \(2401\.00001\) \|/);
    expect(md).toContain('### 1. proteins (1 paper)');
    expect(md).toContain('  Nearest: Graph Networks (0.97)');
  });

  it('shows hostile paper text literally and never as HTML', () => {
    const model = tinyModel();
    model.papers[2].title = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
    model.papers[2].authors = ['<b>Mallory</b>'];
    model.papers[2].url = 'javascript:alert(1)';
    const md = renderMarkdown(model);
    expect(md).not.toMatch(/<script|<img|<b>/i);
    expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;"&gt;&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(md).not.toContain('javascript:');
  });
});
