import { writeFileSync } from 'node:fs';

const TOPICS = [
  ['graph', 'neural', 'network', 'node', 'edge', 'message', 'passing', 'molecule'],
  ['language', 'model', 'token', 'serving', 'cache', 'decoding', 'latency', 'throughput'],
  ['protein', 'structure', 'folding', 'sequence', 'binding', 'ligand', 'design', 'diffusion'],
  ['speech', 'audio', 'recognition', 'acoustic', 'streaming', 'noise', 'speaker', 'word'],
  ['robot', 'policy', 'reinforcement', 'manipulation', 'grasp', 'simulation', 'reward', 'control'],
];

/** Deterministic, varied JSON Lines papers for tests that need more than the sample corpus. */
export function writeSyntheticCorpus(path: string, count: number, seed = 1): void {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const words = Array.from({ length: 60 + Math.floor(rand() * 80) }, () => topic[Math.floor(rand() * topic.length)]);
    lines.push(
      JSON.stringify({
        id: `2501.${String(10000 + i)}`,
        title: `Study ${i} of ${topic[0]} ${topic[1]} ${topic[Math.floor(rand() * topic.length)]}`,
        abstract: `${words.join(' ')}.`,
        authors: [`Author ${i % 37}`, `Coauthor ${i % 11}`],
        categories: [`cs.${['LG', 'CL', 'CV', 'RO', 'DC'][i % 5]}`],
        date: `202${i % 5}-0${1 + (i % 9)}-1${i % 10}`,
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Two sub-topics per topic of TOPICS, each with words of its own. */
const SUBTOPICS = [
  [['social', 'community', 'friend', 'influence', 'user', 'follower'], ['traffic', 'road', 'city', 'route', 'travel', 'map']],
  [['translation', 'bilingual', 'french', 'german', 'parallel', 'corpus'], ['summary', 'document', 'news', 'article', 'headline', 'length']],
  [['antibody', 'immune', 'vaccine', 'virus', 'antigen', 'cell'], ['enzyme', 'catalysis', 'metabolic', 'reaction', 'substrate', 'yield']],
  [['music', 'melody', 'instrument', 'song', 'rhythm', 'chord'], ['clinical', 'patient', 'hospital', 'voice', 'disorder', 'therapy']],
  [['drone', 'flight', 'aerial', 'wind', 'altitude', 'camera'], ['walking', 'legged', 'terrain', 'balance', 'gait', 'foot']],
];

/** One paper of a nested corpus: its topic (0..4), its sub-topic inside it (0 or 1), and its date if any. */
export interface NestedPaper {
  topic: number;
  sub: number;
  date?: string;
}

/**
 * JSON Lines papers on topics with sub-topics: every `subEvery`-th word of an abstract is its sub-topic's (default
 * 3: a third), the others its topic's, so themes follow the topics and sub-themes the sub-topics. With the tiny
 * test model, 2 (half) splits sub-topics more cleanly but lets a large topic's sub-topics become themes of their
 * own. Ids are `<prefix>.<n>`.
 */
export function writeNestedCorpus(path: string, papers: readonly NestedPaper[], o: { seed?: number; idPrefix?: string; subEvery?: number } = {}): void {
  let s = o.seed ?? 1;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (words: string[]) => words[Math.floor(rand() * words.length)];
  const every = o.subEvery ?? 3;
  const lines = papers.map((p, i) => {
    const topic = TOPICS[p.topic];
    const sub = SUBTOPICS[p.topic][p.sub];
    const words = Array.from({ length: 60 + Math.floor(rand() * 40) }, (_, w) => ((w + 1) % every === 0 ? pick(sub) : pick(topic)));
    return JSON.stringify({
      id: `${o.idPrefix ?? '2601'}.${String(10000 + i)}`,
      title: `Study ${i} of ${topic[0]} ${sub[0]} ${pick(sub)}`,
      abstract: `${words.join(' ')}.`,
      authors: [`Author ${i % 37}`],
      ...(p.date && { date: p.date }),
    });
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}
