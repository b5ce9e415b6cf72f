import { describe, expect, it } from 'vitest';
import { stripMarkup } from '../../src/themes/markup.js';
import { singularCandidates } from '../../src/themes/plural.js';
import { contentRuns } from '../../src/themes/tokenize.js';

const words = (text: string) => contentRuns(text).flat();

describe('contentRuns', () => {
  it('drops stop words and academic filler, and breaks runs there', () => {
    expect(contentRuns('We propose a novel method for protein folding based on deep learning.')).toEqual([
      ['protein', 'folding'],
      ['deep', 'learning'],
    ]);
  });

  it('breaks runs at punctuation', () => {
    expect(contentRuns('graph neural networks, speech recognition')).toEqual([
      ['graph', 'neural', 'networks'],
      ['speech', 'recognition'],
    ]);
  });

  it('strips LaTeX math and commands, and never joins words across a formula', () => {
    expect(contentRuns('speedup $\\times 3$ kernel \\cite{smith2020} \\textbf{sparse} attention, $O(n^2)$ \\emph{memory}')).toEqual([
      ['speedup'],
      ['kernel'],
      ['sparse', 'attention'],
      ['memory'],
    ]);
    expect(words('Schr\\"odinger equation with $$\\int f$$ solvers \\ref{eq:1}')).toEqual(['schrodinger', 'equation', 'solvers']);
    for (const w of words('A \\times B \\alpha-stable laws \\[ x = y \\] \\begin{equation} z \\end{equation} 3\\% gain')) {
      expect(w).not.toMatch(/\\|\$|times|alpha|cite|equation/);
    }
  });

  it('does not take escaped dollars for a formula', () => {
    expect(words('grants of \\$5 million and \\$10 million fund telescopes')).toEqual(['grants', 'million', 'million', 'fund', 'telescopes']);
  });

  it('strips HTML, entities and URLs', () => {
    expect(words('<i>Protein</i> design&nbsp;tools at https://example.org/x and www.foo.com')).toEqual(['protein', 'design', 'tools']);
  });

  it('drops numbers, ordinals and one-letter tokens but keeps letter-digit words', () => {
    expect(words('3D scenes from 120 images in 2021, the 2nd pass, x and y, 1990s GPT-4')).toEqual([
      '3d',
      'scenes',
      'images',
      'pass',
      'gpt-4',
    ]);
  });

  it('keeps meaningful hyphenated words and splits the generic ones', () => {
    expect(words('few-shot learning with k-means on self-supervised features')).toEqual([
      'few-shot',
      'learning',
      'k-means',
      'self-supervised',
      'features',
    ]);
    expect(contentRuns('graph-based state-of-the-art real-world models')).toEqual([['graph'], ['models']]);
  });

  it('folds case, possessives and diacritics', () => {
    expect(words("Bayes's rule on Gödel's Naïve sets")).toEqual(['bayes', 'rule', 'godel', 'naive', 'sets']);
  });
});

describe('stripMarkup', () => {
  it('leaves plain prose alone', () => {
    const text = 'Plain prose, with punctuation (and brackets).';
    expect(stripMarkup(text)).toBe(text);
  });
});

describe('singularCandidates', () => {
  it('proposes singulars for regular and irregular plurals', () => {
    expect(singularCandidates('networks')).toEqual(['network']);
    expect(singularCandidates('studies')).toEqual(['study']);
    expect(singularCandidates('processes')).toContain('process');
    expect(singularCandidates('images')).toContain('image');
    expect(singularCandidates('matrices')).toEqual(['matrix']);
    expect(singularCandidates('analyses')).toEqual(['analysis']);
  });

  // Others ("bias" -> "bia") are proposed but only merged when the singular occurs in the corpus.
  it('leaves words that only look plural', () => {
    for (const w of ['physics', 'dynamics', 'analysis', 'corpus', 'class', 'gas']) {
      expect(singularCandidates(w)).toEqual([]);
    }
  });
});
