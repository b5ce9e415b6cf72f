/** Themes: cluster paper embeddings and name the clusters. Pure computation (no database, no model). */
export { computeThemes } from './compute-themes.js';
export type { Theme, ThemeOptions, ThemeResult, BetweenPaper, KScore, Keyword, PaperText } from './types.js';
export { chooseK, candidateKRange, MAX_AUTO_K } from './choose-k.js';
export { fitKMeans } from './kmeans.js';
export { themeKeywords, labelFromKeywords } from './keywords.js';
export { contentRuns } from './tokenize.js';
export { DEFAULT_SEED } from './random.js';
