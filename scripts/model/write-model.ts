/** Writes a BERT model's ONNX files, fp32 and q8, where transformers.js v4 looks for them. */
import path from 'node:path';
import { buildBertGraph, floatWeightOps, type BertShape, type BertWeights } from './bert-graph.js';
import { writeFileAtomic } from './files.js';
import { encodeModel } from './onnx-graph.js';
import { quantizedWeightOps } from './quantize.js';

export type ModelVariant = 'fp32' | 'q8';
export const MODEL_VARIANTS: readonly ModelVariant[] = ['fp32', 'q8'];

/** File name transformers.js v4 loads for each dtype: `onnx/model${suffix}.onnx`, q8 -> '_quantized'. */
export const ONNX_FILE: Readonly<Record<ModelVariant, string>> = {
  fp32: 'model.onnx',
  q8: 'model_quantized.onnx',
};

export interface OnnxFilesSpec {
  modelDir: string;
  shape: BertShape;
  weights: BertWeights;
  variants: readonly ModelVariant[];
  producerName: string;
  docString: (variant: ModelVariant) => string;
}

export async function writeBertOnnxFiles(spec: OnnxFilesSpec): Promise<void> {
  for (const variant of spec.variants) {
    const ops = variant === 'q8' ? quantizedWeightOps() : floatWeightOps;
    const graph = buildBertGraph(spec.shape, spec.weights, ops);
    const bytes = encodeModel(graph, { producerName: spec.producerName, docString: spec.docString(variant) });
    await writeFileAtomic(path.join(spec.modelDir, 'onnx', ONNX_FILE[variant]), bytes);
  }
}

/** Model ids become directories: allow `name` or `org/name` with the characters the hub allows. */
export function checkModelId(id: string): void {
  const part = /^[A-Za-z0-9][\w.-]*$/;
  const parts = id.split('/');
  if (parts.length > 2 || !parts.every((p) => part.test(p) && !p.includes('..'))) {
    throw new Error(`Invalid model id "${id}" (expected "name" or "org/name")`);
  }
}

export function modelDirOf(modelsDir: string, id: string): string {
  checkModelId(id);
  return path.join(modelsDir, ...id.split('/'));
}
