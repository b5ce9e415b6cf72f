/**
 * The BERT encoder as torch.onnx (through Optimum, opset 11) exports transformers' BertModel in eval mode,
 * for any weights: random ones for the test model, real ones converted from a checkpoint. onnxruntime
 * optimizes a graph by pattern matching when it opens a session, so producing the same patterns is what
 * makes it fuse (and run) this model like the hub's files: LayerNormalization, SkipLayerNormalization,
 * BiasGelu/Gelu, FusedMatMul, DynamicQuantizeMatMul / MatMulIntegerToFloat for q8; no Attention fusion
 * (torch writes Linear's bias Add as Add(bias, x·W), which onnxruntime's AttentionFusion does not match).
 */
import type { onnx as OnnxTypes } from 'onnx-proto';
import { attr, DataType, GraphBuilder, inferValueInfo, OPSET, tensorInfo, unsqueeze } from './onnx-graph.js';

export interface BertShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  padTokenId: number;
}

/** A linear layer with its weight already transposed to [inDim, outDim], the layout of the exported MatMul. */
export interface Dense {
  weight: Float32Array;
  bias: Float32Array;
  inDim: number;
  outDim: number;
}

export interface LayerNormParams {
  gamma: Float32Array;
  beta: Float32Array;
}

export interface LayerWeights {
  query: Dense;
  key: Dense;
  value: Dense;
  attentionOutput: Dense;
  attentionNorm: LayerNormParams;
  intermediate: Dense;
  output: Dense;
  outputNorm: LayerNormParams;
}

export interface BertWeights {
  word: Float32Array;
  position: Float32Array;
  tokenType: Float32Array;
  embeddingNorm: LayerNormParams;
  layers: LayerWeights[];
}


/**
 * How constant weights enter the graph. The fp32 and q8 files share the whole graph except these two
 * operations, exactly as onnxruntime's dynamic quantization only rewrites MatMuls with a constant B and
 * Gathers of a constant table.
 */
export interface WeightOps {
  /** x · W for a constant W of shape [inDim, outDim]. */
  matmul(g: GraphBuilder, scope: string, x: string, name: string, d: Dense): string;
  /** table[indices] for a constant table of shape [rows, cols]. */
  gather(g: GraphBuilder, scope: string, name: string, table: Float32Array, rows: number, cols: number, indices: string): string;
}

export const floatWeightOps: WeightOps = {
  matmul: (g, scope, x, name, d) => g.op1('MatMul', scope, [x, g.float(name, [d.inDim, d.outDim], d.weight)]),
  gather: (g, scope, name, table, rows, cols, indices) => g.op1('Gather', scope, [g.float(name, [rows, cols], table), indices]),
};

const INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;
const OUTPUT_NAME = 'last_hidden_state';

export function buildBertGraph(s: BertShape, w: BertWeights, ops: WeightOps): OnnxTypes.IGraphProto {
  const g = new GraphBuilder();
  let hidden = embeddings(g, s, w, ops);
  const mask = additiveAttentionMask(g);
  w.layers.forEach((lw, i) => {
    const isLast = i === w.layers.length - 1;
    hidden = encoderLayer(g, s, lw, ops, hidden, mask, i, isLast ? OUTPUT_NAME : undefined);
  });

  const dims = ['batch_size', 'sequence_length'];
  const graph: OnnxTypes.IGraphProto = {
    name: 'main_graph',
    node: g.nodes,
    initializer: g.initializers,
    input: INPUT_NAMES.map((name) => tensorInfo(name, DataType.INT64, dims)),
    output: [tensorInfo(OUTPUT_NAME, DataType.FLOAT, [...dims, s.hidden])],
  };
  graph.valueInfo = inferValueInfo(graph);
  return graph;
}

/** word + token type + position embeddings, then LayerNorm (BertEmbeddings). */
function embeddings(g: GraphBuilder, s: BertShape, w: BertWeights, ops: WeightOps): string {
  const scope = '/embeddings';
  // position_ids = self.position_ids[:, :seq_len], a sliced [1, max_positions] buffer
  const seqLen = g.op1('Gather', scope, [g.op1('Shape', scope, ['input_ids']), g.constInt64(1)], { attrs: [attr.int('axis', 0)] });
  const positionBuffer = g.initializer(
    'embeddings.position_ids',
    DataType.INT64,
    [1, s.maxPositions],
    BigInt64Array.from({ length: s.maxPositions }, (_, i) => BigInt(i)),
  );
  const positionIds = g.op1('Slice', scope, [
    positionBuffer,
    g.constInt64([0]),
    unsqueeze(g, scope, seqLen, [0]),
    g.constInt64([1]),
    g.constInt64([1]),
  ]);

  const word = ops.gather(g, `${scope}/word_embeddings`, 'embeddings.word_embeddings.weight', w.word, s.vocabSize, s.hidden, 'input_ids');
  const tokenType = ops.gather(
    g,
    `${scope}/token_type_embeddings`,
    'embeddings.token_type_embeddings.weight',
    w.tokenType,
    s.typeVocabSize,
    s.hidden,
    'token_type_ids',
  );
  const sum = g.op1('Add', scope, [word, tokenType]);
  const position = ops.gather(
    g,
    `${scope}/position_embeddings`,
    'embeddings.position_embeddings.weight',
    w.position,
    s.maxPositions,
    s.hidden,
    positionIds,
  );
  const summed = g.op1('Add', scope, [sum, position]);
  return layerNorm(g, `${scope}/LayerNorm`, summed, w.embeddingNorm, s, 'embeddings.LayerNorm');
}

/**
 * transformers' get_extended_attention_mask: (1 - mask[:, None, None, :]) * finfo(float32).min, a [B,1,1,S]
 * term added to every layer's attention scores so that padding keys get zero attention weight.
 */
function additiveAttentionMask(g: GraphBuilder): string {
  const expanded = unsqueeze(g, '', unsqueeze(g, '', 'attention_mask', [1]), [2]);
  const asFloat = g.op1('Cast', '', [expanded], { attrs: [attr.int('to', DataType.FLOAT)] });
  const inverted = g.op1('Sub', '', [g.constFloat(1), asFloat]);
  return g.op1('Mul', '', [inverted, g.constFloat(-3.4028234663852886e38)]);
}

/** LayerNorm decomposed as torch.onnx writes it below opset 17; onnxruntime fuses it back (LayerNormFusion). */
function layerNorm(g: GraphBuilder, scope: string, x: string, p: LayerNormParams, s: BertShape, prefix: string, output?: string): string {
  const lastAxis = { attrs: [attr.ints('axes', [-1])] };
  const mean = g.op1('ReduceMean', scope, [x], lastAxis);
  const centered = g.op1('Sub', scope, [x, mean]);
  const variance = g.op1('ReduceMean', scope, [g.op1('Pow', scope, [centered, g.constFloat(2)])], lastAxis);
  const std = g.op1('Sqrt', scope, [g.op1('Add', scope, [variance, g.constFloat(s.layerNormEps)])]);
  const normalized = g.op1('Div', scope, [centered, std]);
  const scaled = g.op1('Mul', scope, [normalized, g.float(`${prefix}.weight`, [s.hidden], p.gamma)]);
  return g.op1('Add', scope, [scaled, g.float(`${prefix}.bias`, [s.hidden], p.beta)], { output });
}

/**
 * nn.Linear on a 3-D input: torch emits MatMul with the transposed weight, then Add(bias, product). That
 * operand order is also why onnxruntime does not fuse attention here, just as for the real export.
 */
function linear(g: GraphBuilder, ops: WeightOps, scope: string, x: string, d: Dense, prefix: string): string {
  const product = ops.matmul(g, scope, x, `${prefix}.weight_T`, d);
  return g.op1('Add', scope, [g.float(`${prefix}.bias`, [d.outDim], d.bias), product]);
}

/** [B,S,hidden] -> [B,heads,S,headSize] (transpose_for_scores), with the view shape computed from Shape. */
function splitHeads(g: GraphBuilder, scope: string, x: string, s: BertShape): string {
  const shape = g.op1(
    'Concat',
    scope,
    [...leadingDims(g, scope, x), g.constInt64([s.heads]), g.constInt64([s.hidden / s.heads])],
    { attrs: [attr.int('axis', 0)] },
  );
  const reshaped = g.op1('Reshape', scope, [x, shape]);
  return g.op1('Transpose', scope, [reshaped], { attrs: [attr.ints('perm', [0, 2, 1, 3])] });
}

/** [B,heads,S,headSize] -> [B,S,hidden]. */
function mergeHeads(g: GraphBuilder, scope: string, x: string, s: BertShape): string {
  const transposed = g.op1('Transpose', scope, [x], { attrs: [attr.ints('perm', [0, 2, 1, 3])] });
  const shape = g.op1('Concat', scope, [...leadingDims(g, scope, transposed), g.constInt64([s.hidden])], {
    attrs: [attr.int('axis', 0)],
  });
  return g.op1('Reshape', scope, [transposed, shape]);
}

/** [x.size(0)], [x.size(1)] as 1-D int64 tensors, the way a traced `x.size()[:-1]` is exported. */
function leadingDims(g: GraphBuilder, scope: string, x: string): string[] {
  return [0, 1].map((axis) => {
    const dim = g.op1('Gather', scope, [g.op1('Shape', scope, [x]), g.constInt64(axis)], { attrs: [attr.int('axis', 0)] });
    return unsqueeze(g, scope, dim, [0]);
  });
}

/** BertSelfAttention: softmax(Q·Kᵀ / sqrt(headSize) + mask) · V over `heads` heads. */
function selfAttention(g: GraphBuilder, s: BertShape, lw: LayerWeights, ops: WeightOps, x: string, mask: string, prefix: string, scope: string): string {
  const query = linear(g, ops, `${scope}/query`, x, lw.query, `${prefix}.query`);
  const key = linear(g, ops, `${scope}/key`, x, lw.key, `${prefix}.key`);
  const value = linear(g, ops, `${scope}/value`, x, lw.value, `${prefix}.value`);

  const keys = splitHeads(g, scope, key, s);
  const values = splitHeads(g, scope, value, s);
  const queries = splitHeads(g, scope, query, s);

  const keysT = g.op1('Transpose', scope, [keys], { attrs: [attr.ints('perm', [0, 1, 3, 2])] });
  const scores = g.op1('MatMul', scope, [queries, keysT]);
  const scaled = g.op1('Div', scope, [scores, g.constFloat(Math.sqrt(s.hidden / s.heads))]);
  const masked = g.op1('Add', scope, [scaled, mask]);
  // Softmax over the last axis: torch writes it as axis 3 below opset 13 (where Softmax flattens from `axis`).
  const probs = g.op1('Softmax', scope, [masked], { attrs: [attr.int('axis', OPSET >= 13 ? -1 : 3)] });
  const context = g.op1('MatMul', scope, [probs, values]);
  return mergeHeads(g, scope, context, s);
}

/** erf GELU, as torch.onnx exports F.gelu: x * (1 + erf(x / sqrt(2))) * 0.5. onnxruntime fuses it (GeluFusion). */
function gelu(g: GraphBuilder, scope: string, x: string): string {
  const erf = g.op1('Erf', scope, [g.op1('Div', scope, [x, g.constFloat(Math.SQRT2)])]);
  const onePlusErf = g.op1('Add', scope, [erf, g.constFloat(1)]);
  return g.op1('Mul', scope, [g.op1('Mul', scope, [x, onePlusErf]), g.constFloat(0.5)]);
}

/** One BertLayer: attention, residual + LayerNorm, FFN with GELU, residual + LayerNorm. */
function encoderLayer(
  g: GraphBuilder,
  s: BertShape,
  lw: LayerWeights,
  ops: WeightOps,
  x: string,
  mask: string,
  index: number,
  output?: string,
): string {
  const scope = `/encoder/layer.${index}`;
  const prefix = `encoder.layer.${index}`;

  const context = selfAttention(g, s, lw, ops, x, mask, `${prefix}.attention.self`, `${scope}/attention/self`);
  const attnScope = `${scope}/attention/output`;
  const attnDense = linear(g, ops, `${attnScope}/dense`, context, lw.attentionOutput, `${prefix}.attention.output.dense`);
  const attnResidual = g.op1('Add', attnScope, [attnDense, x]);
  const attended = layerNorm(g, `${attnScope}/LayerNorm`, attnResidual, lw.attentionNorm, s, `${prefix}.attention.output.LayerNorm`);

  const interScope = `${scope}/intermediate`;
  const inter = linear(g, ops, `${interScope}/dense`, attended, lw.intermediate, `${prefix}.intermediate.dense`);
  const activated = gelu(g, `${interScope}/intermediate_act_fn`, inter);

  const outScope = `${scope}/output`;
  const outDense = linear(g, ops, `${outScope}/dense`, activated, lw.output, `${prefix}.output.dense`);
  const outResidual = g.op1('Add', outScope, [outDense, attended]);
  return layerNorm(g, `${outScope}/LayerNorm`, outResidual, lw.outputNorm, s, `${prefix}.output.LayerNorm`, output);
}

