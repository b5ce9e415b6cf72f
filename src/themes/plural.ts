/**
 * Plural -> singular candidates for merging keyword variants ("networks" into "network"). Only
 * proposes; keywords.ts merges a plural only when the proposed singular also occurs in the corpus,
 * so a wrong guess ("lens" -> "len") does nothing.
 */

const IRREGULAR: Record<string, string> = {
  analyses: 'analysis',
  hypotheses: 'hypothesis',
  syntheses: 'synthesis',
  diagnoses: 'diagnosis',
  theses: 'thesis',
  matrices: 'matrix',
  vertices: 'vertex',
  indices: 'index',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  spectra: 'spectrum',
  maxima: 'maximum',
  minima: 'minimum',
  optima: 'optimum',
  radii: 'radius',
  nuclei: 'nucleus',
  stimuli: 'stimulus',
  bacteria: 'bacterium',
  children: 'child',
  women: 'woman',
  men: 'man',
  mice: 'mouse',
  teeth: 'tooth',
};

/** Singular forms to try for one word, most likely first; [] when the word does not look plural. */
export function singularCandidates(word: string): string[] {
  const irregular = IRREGULAR[word];
  if (irregular) return [irregular];
  // Short words and endings that are singular nouns or adjectives: "gas", "class", "physics",
  // "corpus", "basis", "dynamics" (not "dynamic").
  if (word.length <= 3 || /(?:ss|us|is|ics)$/.test(word)) return [];
  if (word.endsWith('ies')) return [word.slice(0, -3) + 'y']; // studies -> study
  // "processes" -> "process", "approaches" -> "approach", "images" -> "image".
  if (word.endsWith('es')) return [word.slice(0, -2), word.slice(0, -1)];
  if (word.endsWith('s')) return [word.slice(0, -1)];
  return [];
}

/** Same, for a term: a bigram's plural is in its last word ("neural networks"). */
export function singularTermCandidates(term: string): string[] {
  const space = term.lastIndexOf(' ');
  const head = term.slice(0, space + 1);
  return singularCandidates(term.slice(space + 1)).map((w) => head + w);
}
