import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../src/report/page/escape.js';

const HOSTILE = [
  '</script><script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<!-- comment --> <![CDATA[ x ]]>',
  'a\u2028b\u2029c',
  '</SCRIPT >',
  '&lt;script&gt; & friends',
];

describe('data embedded in the page', () => {
  it('has no character that could end the script element or open a comment', () => {
    const json = jsonForScript({ title: HOSTILE.join(' '), authors: HOSTILE });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json.toLowerCase()).not.toContain('</script');
    expect(json).not.toContain('<!--');
  });

  it('reads back unchanged', () => {
    const value = { list: HOSTILE, nested: { n: 1.5, s: HOSTILE[0] } };
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });

  it('escapes text for HTML content and double-quoted attributes', () => {
    expect(escapeHtml('<b a="1" c=\'2\'>&</b>')).toBe('&lt;b a=&quot;1&quot; c=\'2\'&gt;&amp;&lt;/b&gt;');
  });
});
