/**
 * One Paperscope instance in a long-lived process (a server, a notebook): calls that overlap must all
 * work, the model is loaded once, and nothing leaks from one call to the next.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openIndex, type Paperscope } from '../../src/api.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, SAMPLE_CORPUS, TEST_MODELS_DIR, TINY_MODEL_ID } from '../helpers/paths.js';

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/embed/embedder.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/embed/embedder.js')>();
  return { ...real, loadEmbedder: (...args: Parameters<typeof real.loadEmbedder>) => (loads.count++, real.loadEmbedder(...args)) };
});

let tmp: ReturnType<typeof tempDir>;
let index: string;
const open = (): Paperscope => openIndex({ dir: index, modelsDir: TEST_MODELS_DIR, offline: true });

beforeAll(async () => {
  tmp = tempDir();
  index = join(tmp.path, 'index');
  const r = await runCli(['ingest', SAMPLE_CORPUS, join(FIXTURES, 'papers', 'small.jsonl'), '--index', index, '--model', TINY_MODEL_ID]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('one instance, calls at the same time', () => {
  it('two first searches load the model once, and both answer', async () => {
    const ps = open();
    try {
      loads.count = 0;
      const [a, b] = await Promise.all([ps.search('memory management for LLM serving', { k: 3 }), ps.search('protein language models', { k: 3, mode: 'dense' })]);
      expect(a.hits).toHaveLength(3);
      expect(b.hits).toHaveLength(3);
      expect(loads.count).toBe(1);
    } finally {
      await ps.close();
    }
  });

  it('searches, a remove, themes and similar at once all succeed, each on a consistent index', async () => {
    const ps = open();
    try {
      const calls = await Promise.allSettled([
        ps.search('memory management for LLM serving', { k: 5 }),
        ps.remove(['2401.00003']),
        ps.themes({ k: 2 }),
        ps.search('graph neural networks', { k: 5, mode: 'dense' }),
        ps.similar('2401.00002'),
        ps.info(),
      ]);
      expect(calls.map((c) => (c.status === 'rejected' ? String(c.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
      expect((await ps.info()).papers).toBe(29);
      const after = await ps.search('A Survey of Protein Language Models', { k: 29, mode: 'lexical' });
      expect(after.hits.map((h) => h.id)).not.toContain('2401.00003');
    } finally {
      await ps.close();
    }
  });

  it('close() waits for the calls under way, and the instance can be used again after it', async () => {
    const ps = open();
    const pending = ps.search('caches', { k: 2 });
    await ps.close();
    expect((await pending).hits).toHaveLength(2);
    expect((await ps.search('caches', { k: 1, mode: 'lexical' })).hits).toHaveLength(1);
    await ps.close();
  });

  it('many writes leave no exit listener behind (no listener-leak warning in a long-lived process)', async () => {
    const ps = open();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const before = process.listenerCount('exit');
    try {
      for (let i = 0; i < 12; i++) await ps.reindex();
      expect(process.listenerCount('exit')).toBe(before);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      await ps.close();
    }
  });
});
