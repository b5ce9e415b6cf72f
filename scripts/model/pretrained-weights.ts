/** A Hugging Face BertModel checkpoint's tensors as the weights the BERT graph takes. */
import type { BertShape, BertWeights, Dense, LayerNormParams } from './bert-graph.js';
import type { TensorF32 } from '../../src/embed/safetensors.js';

/**
 * Names follow BertModel's state dict; sentence-transformers checkpoints sometimes prefix them with
 * `bert.` or `0.auto_model.`, so the prefix is found from the word-embedding table.
 */
export function bertWeightsFromCheckpoint(tensors: Map<string, TensorF32>, s: BertShape, source: string): BertWeights {
  const wordKey = [...tensors.keys()].find((k) => k.endsWith('embeddings.word_embeddings.weight'));
  if (!wordKey) throw new Error(`${source}: no embeddings.word_embeddings.weight: not a BERT checkpoint`);
  const prefix = wordKey.slice(0, -'embeddings.word_embeddings.weight'.length);

  const used = new Set<string>();
  const take = (name: string, shape: number[]): Float32Array => {
    const t = tensors.get(prefix + name);
    if (!t) throw new Error(`${source}: tensor ${prefix + name} is missing`);
    if (t.shape.join('x') !== shape.join('x')) {
      throw new Error(`${source}: tensor ${prefix + name} has shape ${t.shape.join('x')}, config.json implies ${shape.join('x')}`);
    }
    used.add(prefix + name);
    return t.data;
  };
  // nn.Linear stores [out, in]; the exported MatMul multiplies by its transpose, [in, out].
  const dense = (name: string, inDim: number, outDim: number): Dense => ({
    weight: transpose(take(`${name}.weight`, [outDim, inDim]), outDim, inDim),
    bias: take(`${name}.bias`, [outDim]),
    inDim,
    outDim,
  });
  const norm = (name: string): LayerNormParams => ({ gamma: take(`${name}.weight`, [s.hidden]), beta: take(`${name}.bias`, [s.hidden]) });

  const weights: BertWeights = {
    word: take('embeddings.word_embeddings.weight', [s.vocabSize, s.hidden]),
    position: take('embeddings.position_embeddings.weight', [s.maxPositions, s.hidden]),
    tokenType: take('embeddings.token_type_embeddings.weight', [s.typeVocabSize, s.hidden]),
    embeddingNorm: norm('embeddings.LayerNorm'),
    layers: Array.from({ length: s.layers }, (_, i) => {
      const l = `encoder.layer.${i}`;
      return {
        query: dense(`${l}.attention.self.query`, s.hidden, s.hidden),
        key: dense(`${l}.attention.self.key`, s.hidden, s.hidden),
        value: dense(`${l}.attention.self.value`, s.hidden, s.hidden),
        attentionOutput: dense(`${l}.attention.output.dense`, s.hidden, s.hidden),
        attentionNorm: norm(`${l}.attention.output.LayerNorm`),
        intermediate: dense(`${l}.intermediate.dense`, s.hidden, s.intermediate),
        output: dense(`${l}.output.dense`, s.intermediate, s.hidden),
        outputNorm: norm(`${l}.output.LayerNorm`),
      };
    }),
  };
  // The pooler (BertModel's [CLS] dense + tanh) is unused by sentence models and not exported, like Optimum's
  // feature-extraction export; anything else left over means the checkpoint is not the architecture we build.
  const unused = [...tensors.keys()].filter((k) => !used.has(k) && !k.startsWith(`${prefix}pooler.`));
  if (unused.length > 0) throw new Error(`${source}: tensors the BERT graph does not use: ${unused.slice(0, 3).join(', ')}`);
  return weights;
}

function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
  }
  return out;
}
