import { join } from 'node:path';
import { FIXTURES, SAMPLE_CORPUS, TINY_MODEL_ID } from '../helpers/paths.js';
import { runCli, tempDir } from '../helpers/cli.js';

export const REPORT_FIXTURES = join(FIXTURES, 'report');
export const DUPLICATES_FIXTURE = join(REPORT_FIXTURES, 'duplicates.jsonl');
export const HOSTILE_FIXTURE = join(REPORT_FIXTURES, 'hostile.jsonl');

/** A temp dir with an index of the sample corpus (plus `extra` files), ingested with the tiny model. */
export async function sampleIndex(extra: string[] = []): Promise<{ root: string; index: string; cleanup: () => void }> {
  const tmp = tempDir('paperscope-report-');
  const index = join(tmp.path, 'index');
  const r = await runCli(['ingest', SAMPLE_CORPUS, ...extra, '--index', index, '--model', TINY_MODEL_ID]);
  if (r.code !== 0) throw new Error(`ingest failed (${r.code}): ${r.stderr}`);
  return { root: tmp.path, index, cleanup: tmp.cleanup };
}

/** Deterministic pseudo-random numbers for test data. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Unit vectors in `dims` dimensions around `centres`, `perCentre` each (row-major). */
export function clusteredVectors(centres: number[][], perCentre: number, noise: number, seed: number): Float32Array {
  const dims = centres[0].length;
  const random = seeded(seed);
  const out = new Float32Array(centres.length * perCentre * dims);
  let row = 0;
  for (const c of centres) {
    for (let i = 0; i < perCentre; i++, row++) {
      let norm = 0;
      for (let d = 0; d < dims; d++) {
        const v = c[d] + (random() - 0.5) * 2 * noise;
        out[row * dims + d] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (let d = 0; d < dims; d++) out[row * dims + d] /= norm;
    }
  }
  return out;
}
