import { describe, expect, it } from 'vitest';
import { computeThemes } from '../../src/themes/index.js';
import { labelFromKeywords, themeKeywords, type KeywordOptions } from '../../src/themes/keywords.js';
import { ACADEMIC_FILLER_WORDS, ENGLISH_STOP_WORDS } from '../../src/themes/stop-words.js';
import { blobs } from './blobs.js';
import { CORPUS, type TopicPaper } from './corpus.js';

describe('keywords of a hand-written three-topic corpus', () => {
  const topics = ['protein', 'graph', 'speech'] as const;
  const dims = 48;
  // One blob per topic; row i gets a paper of its blob's topic.
  const data = blobs({ sizes: [10, 10, 10], dims, spread: 0.4, seed: 51 });
  const queues = topics.map((t) => CORPUS.filter((p) => p.topic === t));
  const papers: TopicPaper[] = Array.from(data.labels, (c) => queues[c].shift()!);
  const result = computeThemes(data.vectors, dims, (i) => papers[i], { keywordsPerTheme: 8 });
  const themeOf = (topic: string) => result.themes[result.assignment[papers.findIndex((p) => p.topic === topic)]];
  const allTerms = result.themes.flatMap((t) => t.keywords.map((k) => k.term));

  it('finds the three topics', () => {
    expect(result.k).toBe(3);
    expect(new Set(topics.map((t) => themeOf(t).id)).size).toBe(3);
  });

  it('names each theme by its topic', () => {
    const top3 = (topic: string) => themeOf(topic).keywords.slice(0, 3).map((k) => k.term).join(' | ');
    expect(top3('protein')).toMatch(/protein/);
    expect(top3('protein')).toMatch(/fold/);
    expect(top3('graph')).toMatch(/graph/);
    expect(top3('speech')).toMatch(/speech recognition/);
    expect(themeOf('protein').label).toMatch(/protein/);
    expect(themeOf('graph').label).toMatch(/graph/);
    expect(themeOf('speech').label).toMatch(/speech/);
  });

  it('builds labels from two or three of the keywords', () => {
    for (const t of result.themes) {
      const parts = t.label.split(' · ');
      expect(parts.length).toBeGreaterThanOrEqual(2);
      expect(parts.length).toBeLessThanOrEqual(3);
      for (const p of parts) expect(t.keywords.map((k) => k.term)).toContain(p);
    }
  });

  it('contains no stop words, filler, LaTeX or numbers', () => {
    for (const term of allTerms) {
      for (const word of term.split(' ')) {
        expect(ENGLISH_STOP_WORDS.has(word), word).toBe(false);
        expect(ACADEMIC_FILLER_WORDS.has(word), word).toBe(false);
        expect(word).toMatch(/^[a-z0-9-]+$/);
        expect(word).toMatch(/[a-z]/);
        expect(word.length).toBeGreaterThan(1);
      }
      expect(term).not.toMatch(/cite|times|kipf|jumper/);
    }
  });

  it('never shows a term for two themes, nor singular and plural of one term', () => {
    expect(new Set(allTerms).size).toBe(allTerms.length);
    const singular = (t: string) => t.replace(/s$/, '');
    const perTheme = result.themes.map((t) => t.keywords.map((k) => singular(k.term)));
    for (const terms of perTheme) expect(new Set(terms).size).toBe(terms.length);
  });

  it('drops a unigram next to the bigram that holds most of it', () => {
    const speech = themeOf('speech').keywords.map((k) => k.term);
    expect(speech).toContain('speech recognition');
    expect(speech).not.toContain('recognition');
    const protein = themeOf('protein').keywords.map((k) => k.term);
    expect(protein.filter((t) => t === 'amino' || t === 'acid')).toEqual([]);
  });
});

describe('themeKeywords rules', () => {
  const texts = (list: string[]) => (i: number) => ({ title: '', abstract: list[i] });

  it('merges plural and singular, shown in the more frequent form', () => {
    const docs = ['neural networks train', 'neural networks learn', 'a neural network', 'networks'];
    const [keywords] = themeKeywords([[0, 1, 2, 3]], texts(docs));
    const terms = keywords.map((k) => k.term);
    expect(terms).toContain('neural networks');
    expect(terms).not.toContain('neural network');
    expect(terms).not.toContain('network');
  });

  it('does not merge a fake plural whose singular never occurs', () => {
    const docs = ['bias correction', 'bias estimates', 'bias'];
    const [keywords] = themeKeywords([[0, 1, 2]], texts(docs));
    expect(keywords[0].term).toBe('bias');
  });

  it('replaces unigrams by the bigram that covers them, keeping their rank', () => {
    const docs = ['gaussian splatting, rendering', 'gaussian splatting', 'gaussian splatting; scenes', 'rendering'];
    const [keywords] = themeKeywords([[0, 1, 2, 3]], texts(docs));
    const terms = keywords.map((k) => k.term);
    expect(terms[0]).toBe('gaussian splatting');
    expect(terms).not.toContain('gaussian');
    expect(terms).not.toContain('splatting');
    expect(terms).toContain('rendering');
  });

  it('gives a shared term only to the theme where it weighs most', () => {
    const docs = ['protein, model', 'protein; model, model', 'protein', 'speech, model', 'speech', 'speech'];
    const [a, b] = themeKeywords(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      texts(docs),
    );
    expect(a.map((k) => k.term)).toContain('model');
    expect(b.map((k) => k.term)).not.toContain('model');
  });

  it('keeps the frequent terms when the per-theme term cap prunes the rest', () => {
    const docs = Array.from({ length: 40 }, (_, i) => `catalyst, surface word${i} token${i}. catalyst`);
    const [keywords] = themeKeywords([docs.map((_, i) => i)], texts(docs), { maxTermsPerTheme: 5 });
    expect(keywords[0].term).toBe('catalyst');
  });

  it('returns nothing for themes without text', () => {
    expect(themeKeywords([[0]], () => ({ title: '', abstract: '' }))).toEqual([[]]);
  });
});

describe('labelFromKeywords', () => {
  const kw = (...terms: string[]) => terms.map((term, i) => ({ term, score: 1 - i / 10 }));

  it('joins the best three, skipping terms that repeat a word', () => {
    expect(labelFromKeywords(kw('gaussian splatting', 'rendering', '3d', 'nerf'), 0)).toBe('gaussian splatting · rendering · 3d');
    expect(labelFromKeywords(kw('protein', 'protein structure', 'folding', 'residue contacts'), 0)).toBe(
      'protein · folding · residue contacts',
    );
  });

  it('stops at two when three would be too long, and falls back to the theme number', () => {
    expect(labelFromKeywords(kw('extraordinarily lengthy phrase', 'another verbose expression', 'third'), 0)).toBe(
      'extraordinarily lengthy phrase · another verbose expression',
    );
    expect(labelFromKeywords([], 4)).toBe('theme 4');
  });
});

describe('keywords against a background collection (sub-themes)', () => {
  // Two sub-themes of one theme; "models" fills every abstract of the collection, and sub-theme 0 uses it most.
  const texts = [
    ...Array.from({ length: 20 }, () => ({ title: 'alignment', abstract: 'models models models models.' })),
    ...Array.from({ length: 20 }, () => ({ title: 'pruning', abstract: 'models.' })),
  ];
  const members = [Int32Array.from({ length: 20 }, (_, i) => i), Int32Array.from({ length: 20 }, (_, i) => 20 + i)];

  it('with only the siblings to compare, a word the whole collection uses wins on frequency', () => {
    expect(themeKeywords(members, (i) => texts[i])[0][0].term).toBe('models');
  });

  it("with the collection's frequencies, the word that sets the sub-theme apart comes first", () => {
    let collection: KeywordOptions = {};
    // The collection: many themes whose papers all say "models".
    const everywhere = Array.from({ length: 400 }, (_, i) => ({ title: `topic${i % 10}`, abstract: 'models models models models' }));
    const all = [...texts, ...everywhere];
    const themesOfAll = Array.from({ length: 11 }, (_, c) => Int32Array.from(c === 0 ? [...Array(40).keys()] : [...Array(40).keys()].map((i) => 40 + (c - 1) * 40 + i)));
    themeKeywords(themesOfAll, (i) => all[i], { collect: (terms) => (collection = { background: terms }) });
    const keywords = themeKeywords(members, (i) => texts[i], collection);
    expect(keywords[0][0].term).toBe('alignment');
    expect(keywords[1][0].term).toBe('pruning');
  });
});
