/**
 * The fast mode's static model (npm run static-model: model2vec's distillation of the real
 * all-MiniLM-L6-v2) must embed as model2vec itself does: paperscope's vectors for the reference texts
 * against model2vec's, which the script stores beside the model (paperscope-check.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmbedder } from '../../src/embed/embedder.js';
import { modelDir } from '../../src/embed/model-files.js';
import { FIXTURES } from '../helpers/paths.js';
import { REAL_MODELS_DIR } from '../helpers/real-models.js';
import { STATIC_DEV_MODEL as STATIC } from '../../scripts/static-model.js';

const check = join(modelDir(REAL_MODELS_DIR, STATIC), 'paperscope-check.json');
const available = existsSync(check);
if (!available) console.warn(`SKIPPED the static-model check: no ${STATIC} in ${REAL_MODELS_DIR} (run: npm run static-model -- --out ${REAL_MODELS_DIR}; it needs python/.venv)`);

describe.skipIf(!available)('the static all-MiniLM-L6-v2 against model2vec', () => {
  it('gives model2vec’s vector for every reference text (cosine >= 0.9999)', async () => {
    const texts = (JSON.parse(readFileSync(join(FIXTURES, 'reference-vectors', 'texts.json'), 'utf8')) as { texts: { text: string }[] }).texts.map((t) => t.text);
    const expected = (JSON.parse(readFileSync(check, 'utf8')) as { vectors: number[][] }).vectors;
    const embedder = await loadEmbedder({ model: STATIC, dtype: 'q8', modelsDir: REAL_MODELS_DIR, offline: true });
    try {
      const got = await embedder.embedDocuments(texts);
      const low = expected
        .map((ref, i) => ({ text: texts[i].slice(0, 40), cos: ref.reduce((s, x, d) => s + x * got[i * embedder.dims + d], 0) }))
        .filter((x) => !(x.cos >= 0.9999));
      expect(low).toEqual([]);
    } finally {
      await embedder.dispose();
    }
  });
});
