import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/corpus/index.js';

describe('cleanText: display text from titles and abstracts', () => {
  it.each([
    ['2.8$\\times$ speedup', '2.8× speedup'],
    ['$\\alpha$-stable and $\\beta$, $\\Gamma$, $\\omega$', 'α-stable and β, Γ, ω'],
    ['\\textbf{bold} \\emph{em} \\textit{it} \\texttt{code} $\\mathrm{ResNet}$', 'bold em it code ResNet'],
    ['runs in $O(n^2)$ time', 'runs in O(n^2) time'],
    ['from $\\mathcal{O}(N^2 \\log N)$ to $\\mathcal{O}(N^{-1/2})$', 'from O(N^2 log N) to O(N^(-1/2))'],
    ['50\\% of R\\&D', '50% of R&D'],
    ['Fig.~3 and Section~2', 'Fig. 3 and Section 2'],
    // The word before a tie may come out of LaTeX: math, or a command's argument.
    ['the $k$~nearest papers, see \\emph{Section}~2', 'the k nearest papers, see Section 2'],
    ['pages 10--20 -- and --- so', 'pages 10–20 – and — so'],
    ["caf\\'e {\\\"o}l \\\"{u}ber \\c{c}a Schr\\\"odinger na\\\"{\\i}ve \\ss{}", 'café öl über ça Schrödinger naïve ß'],
    ['{BERT}: Pre-training of {Deep} Transformers', 'BERT: Pre-training of Deep Transformers'],
    ['360$^\\circ$ view, $x_{i}$, $\\frac{a+b}{2}$, $\\sqrt{n}$, $\\mathbb{R}^d$', '360° view, x_i, (a+b)/2, √n, ℝ^d'],
    ['a set $\\{0,1\\}^n$', 'a set {0,1}^n'],
    ['  lots \n of\t\twhitespace  ', 'lots of whitespace'],
    ['<jats:p>Crossref &amp; JATS</jats:p>', 'Crossref & JATS'],
    ['we propose \\textbf{S}tructured \\textbf{T}ransitions', 'we propose Structured Transitions'],
    ['(\\ie,~the model) \\eg{} this', '(i.e., the model) e.g. this'],
    ['code at \\url{https://github.com/a/b}', 'code at https://github.com/a/b'],
  ])('%j -> %j', (raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
  });

  it.each([
    ['It costs $5 and $10 per month.'],
    ['Prices from $5-$10, or US$ 20.'],
    ['Write to first.last@example.org or see https://example.org/~user/a--b.'],
    ['Speedups of 1.3x~90.1x and ~30% less memory.'],
    ['Run it with --help or --dry-run.'],
    ['a < b and c > d'],
  ])('leaves normal text alone: %j', (text) => {
    expect(cleanText(text)).toBe(text);
  });

  it('keeps a 100,000-character abstract whole', () => {
    const long = 'word '.repeat(20_000).trim();
    expect(cleanText(long)).toHaveLength(long.length);
  });

  it('stays linear on pathological inputs (no regex backtracking, no rescanning)', () => {
    const MB = 1_000_000;
    const inputs = ['$', '$a ', '\\frac{', '{', '\\', 'a--', 'x~', '<jats:p ', '$$\\(', ' ', '\\c ', '^{'].map((unit) =>
      unit.repeat(Math.ceil(MB / unit.length)),
    );
    // Linear work on these 12 MB takes a few seconds; quadratic work would take hours, which the test's
    // timeout turns into a failure (no timed assertion, so a slow machine cannot fail it).
    for (const input of inputs) expect(() => cleanText(input), `input made of ${JSON.stringify(input.slice(0, 8))}`).not.toThrow();
  }, 60_000);
});
