import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, TINY_MODEL_ID } from '../helpers/paths.js';

const BEIR = join(FIXTURES, 'beir-mini');
let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

interface EvalOutput {
  documents: number;
  scores: { mode: string; queries: number; ndcg10: number; recall100: number; mrr10: number }[];
}

describe('eval --beir', () => {
  it('lexical scores match the hand computation in the fixture README', async () => {
    const r = await runCli(['eval', '--beir', BEIR, '--mode', 'lexical,hybrid', '--index', join(tmp.path, 'ix'), '--model', TINY_MODEL_ID, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json<EvalOutput>(r);
    expect(out.documents).toBe(6);
    const lexical = out.scores.find((s) => s.mode === 'lexical')!;
    expect(lexical.queries).toBe(3); // q4 has no judgements
    expect(lexical.ndcg10).toBeCloseTo((1 + 1 / (1 + 1 / Math.log2(3)) + 0) / 3, 6); // 0.53772
    expect(lexical.recall100).toBeCloseTo(0.5, 6);
    expect(lexical.mrr10).toBeCloseTo(2 / 3, 6);
    // Hybrid ranks all six documents, so Recall@100 can only grow.
    const hybrid = out.scores.find((s) => s.mode === 'hybrid')!;
    expect(hybrid.recall100).toBe(1);
  });

  it('every _id is its own document, even two with the same title and text', async () => {
    const r = await runCli(['eval', '--beir', join(FIXTURES, 'beir-twins'), '--mode', 'lexical', '--index', join(tmp.path, 'twins'), '--model', TINY_MODEL_ID, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json<EvalOutput>(r);
    expect(out.documents).toBe(3);
    expect(out.scores[0]).toMatchObject({ mode: 'lexical', queries: 1, recall100: 1, ndcg10: 1 });
  });

  it('a folder that is not BEIR is a clear error', async () => {
    const r = await runCli(['eval', '--beir', FIXTURES, '--index', join(tmp.path, 'ix2')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/corpus.jsonl not found/);
  });
});
