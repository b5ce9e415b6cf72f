/** Hugging Face's BERT initialisation, for the random-weight test and benchmark models. */
import type { Rng } from '../lib/rng.js';
import type { BertShape, BertWeights, Dense, LayerNormParams, LayerWeights } from './bert-graph.js';

export const TINY_SHAPE: Omit<BertShape, 'vocabSize'> = {
  hidden: 32,
  layers: 2,
  heads: 2,
  intermediate: 64,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  padTokenId: 0,
};

export function initWeights(s: BertShape, rng: Rng): BertWeights {
  const std = 0.02;
  const dense = (inDim: number, outDim: number): Dense => ({
    weight: rng.normalArray(inDim * outDim, std),
    bias: new Float32Array(outDim),
    inDim,
    outDim,
  });
  const norm = (): LayerNormParams => ({
    gamma: new Float32Array(s.hidden).fill(1),
    beta: new Float32Array(s.hidden),
  });

  const word = rng.normalArray(s.vocabSize * s.hidden, std);
  word.fill(0, s.padTokenId * s.hidden, (s.padTokenId + 1) * s.hidden);
  const position = rng.normalArray(s.maxPositions * s.hidden, std);
  const tokenType = rng.normalArray(s.typeVocabSize * s.hidden, std);

  const layers: LayerWeights[] = [];
  for (let i = 0; i < s.layers; i++) {
    layers.push({
      query: dense(s.hidden, s.hidden),
      key: dense(s.hidden, s.hidden),
      value: dense(s.hidden, s.hidden),
      attentionOutput: dense(s.hidden, s.hidden),
      attentionNorm: norm(),
      intermediate: dense(s.hidden, s.intermediate),
      output: dense(s.intermediate, s.hidden),
      outputNorm: norm(),
    });
  }
  return { word, position, tokenType, embeddingNorm: norm(), layers };
}
