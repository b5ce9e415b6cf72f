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
