/** A failure inside model loading that no file caused is a bug: it keeps its type and stack (exit 70), not "files may be damaged". */
import { describe, expect, it, vi } from 'vitest';
import { loadEmbedder } from '../../src/embed/embedder.js';
import { isUserError } from '../../src/errors.js';
import { TEST_MODELS_DIR, TINY_MODEL_ID } from '../helpers/paths.js';

const bug = new TypeError("Cannot read properties of undefined (reading 'dims')");
vi.mock('@huggingface/transformers', async (importOriginal) => {
  const real = await importOriginal<typeof import('@huggingface/transformers')>();
  return { ...real, AutoModel: { from_pretrained: () => Promise.reject(bug) } };
});

describe('a bug while loading a model', () => {
  it('reaches the caller as it was thrown', async () => {
    const err = await loadEmbedder({ model: TINY_MODEL_ID, dtype: 'q8', modelsDir: TEST_MODELS_DIR, offline: true, hub: { endpoint: 'https://huggingface.co' }, threads: 1 }).catch((e: unknown) => e);
    expect(err).toBe(bug);
    expect(isUserError(err)).toBe(false);
  });
});
