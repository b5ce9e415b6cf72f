/**
 * make-test-model: generate a BERT sentence-embedding model in the exact on-disk layout that
 * transformers.js loads offline:
 *
 *   <outDir>/<modelId>/config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json, vocab.txt
 *   <outDir>/<modelId>/onnx/model.onnx            (fp32,  dtype 'fp32')
 *   <outDir>/<modelId>/onnx/model_quantized.onnx  (int8,  dtype 'q8')
 *
 * Sizes:
 *   tiny    hidden 32, 2 layers, 2 heads, FFN 64, with its own small WordPiece vocabulary. For tests.
 *   minilm  the shapes of sentence-transformers/all-MiniLM-L6-v2 (read from the real config.json) and its
 *           real tokenizer files, copied unchanged. The weights are random, so its speed equals the real
 *           model's while its embeddings mean nothing. For benchmarks.
 *
 * The graph is what torch.onnx (through Optimum, opset 11) emits for Hugging Face's BertModel, value_info
 * included, and the q8 file is what onnxruntime's quantize_dynamic (QInt8 weights, per channel, reduced
 * range: the defaults of transformers.js' conversion script) makes of it. onnxruntime optimizes a graph by
 * pattern matching when it opens a session, so producing the same patterns is what makes it fuse (and run)
 * this model like the real files: LayerNormalization, SkipLayerNormalization, BiasGelu/Gelu, FusedMatMul,
 * DynamicQuantizeMatMul / MatMulIntegerToFloat for q8; no Attention fusion (torch writes Linear's bias Add
 * as Add(bias, x·W), which onnxruntime's AttentionFusion does not match).
 *
 * Loading it offline with transformers.js:
 *   env.localModelPath = env.cacheDir = <outDir>; env.allowRemoteModels = false;
 *   AutoTokenizer.from_pretrained(id); AutoModel.from_pretrained(id, { dtype: 'fp32' | 'q8' })
 *
 * CLI:
 *   tsx scripts/make-test-model.ts --size tiny|minilm --out <modelsDir>
 *       [--id <modelId>] [--tokenizer <dir>] [--seed N] [--variants fp32,q8]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { Rng } from './lib/rng.js';

const { onnx } = onnxProto;

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

export type TestModelSize = 'tiny' | 'minilm';
export type TestModelVariant = 'fp32' | 'q8';

export interface MakeTestModelOptions {
  size: TestModelSize;
  /** The models directory: the model is written to `<outDir>/<id>/`. */
  outDir: string;
  /** Model id, e.g. `paperscope-test/tiny-bert` (default depends on the size). */
  id?: string;
  /** minilm only: directory with the real tokenizer and config files. */
  tokenizerDir?: string;
  /** Seed of the random weights (default 42). Same seed, same files. */
  seed?: number;
  /** Which ONNX files to write (default both). */
  variants?: TestModelVariant[];
}

export const DEFAULT_MODEL_IDS: Readonly<Record<TestModelSize, string>> = {
  tiny: 'paperscope-test/tiny-bert',
  minilm: 'Xenova/all-MiniLM-L6-v2',
};

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TOKENIZER_DIR = path.resolve(PROJECT_ROOT, '../shared/data/minilm-tokenizer');

/** File name transformers.js v4 loads for each dtype: `onnx/model${suffix}.onnx`, q8 -> '_quantized'. */
const ONNX_FILE: Readonly<Record<TestModelVariant, string>> = {
  fp32: 'model.onnx',
  q8: 'model_quantized.onnx',
};

const DEFAULT_SEED = 42;

/** Generates the model and returns its directory `<outDir>/<id>`. */
export async function makeTestModel(opts: MakeTestModelOptions): Promise<string> {
  const { size } = opts;
  if (size !== 'tiny' && size !== 'minilm') throw new Error(`Unknown size "${String(size)}" (expected tiny or minilm)`);
  const id = opts.id ?? DEFAULT_MODEL_IDS[size];
  checkModelId(id);
  const variants = opts.variants ?? ['fp32', 'q8'];
  if (variants.length === 0 || variants.some((v) => !(v in ONNX_FILE))) {
    throw new Error(`Invalid variants "${variants.join(',')}" (expected a non-empty subset of fp32,q8)`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`Invalid seed ${seed} (expected an integer)`);

  const tokenizerDir = opts.tokenizerDir ?? DEFAULT_TOKENIZER_DIR;
  const realShape = size === 'minilm' ? await readRealModelShape(tokenizerDir) : undefined; // fail before writing

  const modelDir = path.join(opts.outDir, ...id.split('/'));
  await fs.promises.mkdir(path.join(modelDir, 'onnx'), { recursive: true });
  const shape = realShape ? await copyRealTokenizer(tokenizerDir, modelDir, realShape) : await writeTinyTokenizer(modelDir, id);

  const weights = initWeights(shape, new Rng(seed));
  for (const variant of variants) {
    const ops = variant === 'q8' ? quantizedWeightOps() : floatWeightOps;
    const graph = buildBertGraph(shape, weights, ops);
    await writeFileAtomic(path.join(modelDir, 'onnx', ONNX_FILE[variant]), encodeModel(graph, variant));
  }
  return modelDir;
}

/** Model ids become directories: allow `name` or `org/name` with the characters the hub allows. */
function checkModelId(id: string): void {
  const part = /^[A-Za-z0-9][\w.-]*$/;
  const parts = id.split('/');
  if (parts.length > 2 || !parts.every((p) => part.test(p) && !p.includes('..'))) {
    throw new Error(`Invalid model id "${id}" (expected "name" or "org/name")`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Model shape and random weights
// ---------------------------------------------------------------------------------------------------------

interface BertShape {
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

const TINY_SHAPE: Omit<BertShape, 'vocabSize'> = {
  hidden: 32,
  layers: 2,
  heads: 2,
  intermediate: 64,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  padTokenId: 0,
};

/** A linear layer with its weight already transposed to [inDim, outDim], the layout of the exported MatMul. */
interface Dense {
  weight: Float32Array;
  bias: Float32Array;
  inDim: number;
  outDim: number;
}

interface LayerNormParams {
  gamma: Float32Array;
  beta: Float32Array;
}

interface LayerWeights {
  query: Dense;
  key: Dense;
  value: Dense;
  attentionOutput: Dense;
  attentionNorm: LayerNormParams;
  intermediate: Dense;
  output: Dense;
  outputNorm: LayerNormParams;
}

interface BertWeights {
  word: Float32Array;
  position: Float32Array;
  tokenType: Float32Array;
  embeddingNorm: LayerNormParams;
  layers: LayerWeights[];
}

/** Hugging Face's BERT init: N(0, 0.02) weights, zero biases, LayerNorm gamma 1 / beta 0, zero padding row. */
function initWeights(s: BertShape, rng: Rng): BertWeights {
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

// ---------------------------------------------------------------------------------------------------------
// ONNX graph builder
// ---------------------------------------------------------------------------------------------------------

/**
 * Opset of the default domain. Optimum exported BERT with opset 11 when the hub's Xenova files were made
 * (2023): Unsqueeze with an `axes` attribute, Softmax with axis 3. Every op used exists there:
 * DynamicQuantizeLinear (11), MatMulInteger (10), DequantizeLinear (10), Erf (9). IR version 6 goes with
 * opset 11 (ONNX 1.6). Setting 14 / IR 7 also works and onnxruntime 1.30 optimizes both to the same graph.
 */
const OPSET = 11;
const IR_VERSION = 6;

const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

const attr = {
  int: (name: string, i: number): OnnxTypes.IAttributeProto => ({ name, type: AttrType.INT, i }),
  ints: (name: string, ints: number[]): OnnxTypes.IAttributeProto => ({ name, type: AttrType.INTS, ints }),
};

function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Collects nodes (in topological order, as they are added) and initializers. Node and value names follow
 * torch.onnx's scheme ("/encoder/layer.0/attention/self/MatMul", "..._output_0") so that the file's overhead
 * beyond the weights is about the same as the real export's.
 */
class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly nameCounts = new Map<string, number>();
  private readonly constants = new Map<string, string>();

  /** Adds a node and returns its output names. */
  op(
    opType: string,
    scope: string,
    inputs: string[],
    opts: { attrs?: OnnxTypes.IAttributeProto[]; outputs?: number | string[] } = {},
  ): string[] {
    const name = this.uniqueName(`${scope}/${opType}`);
    const outputs = opts.outputs ?? 1;
    const output = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`) : outputs;
    this.nodes.push({ opType, name, input: inputs, output, attribute: opts.attrs ?? [] });
    return output;
  }

  /** Adds a single-output node and returns the output name. */
  op1(
    opType: string,
    scope: string,
    inputs: string[],
    opts: { attrs?: OnnxTypes.IAttributeProto[]; output?: string } = {},
  ): string {
    return this.op(opType, scope, inputs, { attrs: opts.attrs, outputs: opts.output ? [opts.output] : 1 })[0];
  }

  /** Adds a constant tensor stored as raw_data (little-endian, which is what typed arrays are on x86/ARM). */
  initializer(name: string, dataType: number, dims: number[], data: ArrayBufferView): string {
    this.initializers.push({ name, dataType, dims, rawData: bytesOf(data) });
    return name;
  }

  float(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, DataType.FLOAT, dims, data);
  }

  /** A shared 0-d float constant; torch's constant folding leaves one tensor per distinct value. */
  constFloat(value: number): string {
    return this.sharedConstant('f32', value, [], () => Float32Array.of(value), DataType.FLOAT);
  }

  /** A small shared int64 constant: 0-d for a scalar, [n] for a list. */
  constInt64(value: number | number[]): string {
    const values = typeof value === 'number' ? [value] : value;
    const dims = typeof value === 'number' ? [] : [values.length];
    return this.sharedConstant('i64', values.join('_'), dims, () => BigInt64Array.from(values, BigInt), DataType.INT64);
  }

  private sharedConstant(
    kind: string,
    key: number | string,
    dims: number[],
    make: () => ArrayBufferView,
    dataType: number,
  ): string {
    const cacheKey = `${kind}:${key}:${dims.join('x')}`;
    let name = this.constants.get(cacheKey);
    if (name === undefined) {
      name = this.initializer(this.uniqueName('/Constant'), dataType, dims, make());
      this.constants.set(cacheKey, name);
    }
    return name;
  }

  private uniqueName(base: string): string {
    const n = this.nameCounts.get(base) ?? 0;
    this.nameCounts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }
}

function tensorInfo(name: string, elemType: number, dims: (string | number)[]): OnnxTypes.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function unsqueeze(g: GraphBuilder, scope: string, x: string, axes: number[]): string {
  // Unsqueeze takes `axes` as an attribute up to opset 12 and as an input from opset 13 on.
  return OPSET >= 13
    ? g.op1('Unsqueeze', scope, [x, g.constInt64(axes)])
    : g.op1('Unsqueeze', scope, [x], { attrs: [attr.ints('axes', axes)] });
}

// ---------------------------------------------------------------------------------------------------------
// The BERT encoder, as torch.onnx exports transformers' BertModel (eval mode: no dropout)
// ---------------------------------------------------------------------------------------------------------

/**
 * How constant weights enter the graph. The fp32 and q8 files share the whole graph except these two
 * operations, exactly as onnxruntime's dynamic quantization only rewrites MatMuls with a constant B and
 * Gathers of a constant table.
 */
interface WeightOps {
  /** x · W for a constant W of shape [inDim, outDim]. */
  matmul(g: GraphBuilder, scope: string, x: string, name: string, d: Dense): string;
  /** table[indices] for a constant table of shape [rows, cols]. */
  gather(g: GraphBuilder, scope: string, name: string, table: Float32Array, rows: number, cols: number, indices: string): string;
}

const floatWeightOps: WeightOps = {
  matmul: (g, scope, x, name, d) => g.op1('MatMul', scope, [x, g.float(name, [d.inDim, d.outDim], d.weight)]),
  gather: (g, scope, name, table, rows, cols, indices) => g.op1('Gather', scope, [g.float(name, [rows, cols], table), indices]),
};

const INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;
const OUTPUT_NAME = 'last_hidden_state';

function buildBertGraph(s: BertShape, w: BertWeights, ops: WeightOps): OnnxTypes.IGraphProto {
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

// ---------------------------------------------------------------------------------------------------------
// value_info: the shapes torch.onnx records for intermediate tensors
// ---------------------------------------------------------------------------------------------------------

type Dim = string | number;

interface TensorMeta {
  elemType: number;
  dims: Dim[];
  /** Known (symbolic) contents of small int64 tensors: shapes, their Gathers and Concats. */
  value?: Dim[];
}

/**
 * torch.onnx stores the (symbolic) shape of every intermediate tensor in graph.value_info; for BERT it even
 * knows that Reshape(x, Concat(Shape(x)[0], Shape(x)[1], heads, headSize)) is [batch, seq, heads, headSize].
 * onnxruntime's own shape inference cannot see through such computed shapes, and several of its fusions
 * (SkipLayerNormalization, EmbedLayerNormalization, ...) need equal, known shapes. So, like torch, we
 * propagate shapes and the symbolic values of shape tensors through the ops this graph uses.
 */
function inferValueInfo(graph: OnnxTypes.IGraphProto): OnnxTypes.IValueInfoProto[] {
  const meta = new Map<string, TensorMeta>();
  for (const input of graph.input ?? []) {
    const t = input.type!.tensorType!;
    meta.set(input.name!, { elemType: t.elemType!, dims: t.shape!.dim!.map((d) => d.dimParam ?? Number(d.dimValue)) });
  }
  for (const init of graph.initializer ?? []) {
    const dims = (init.dims ?? []).map(Number);
    const m: TensorMeta = { elemType: init.dataType!, dims };
    if (init.dataType === DataType.INT64 && dims.reduce((a, b) => a * b, 1) <= 8) {
      const raw = init.rawData!;
      m.value = Array.from(new BigInt64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)), Number);
    }
    meta.set(init.name!, m);
  }

  const outputs = new Set((graph.output ?? []).map((o) => o.name!));
  const valueInfo: OnnxTypes.IValueInfoProto[] = [];
  for (const node of graph.node ?? []) {
    const inputs = (node.input ?? []).map((name) => {
      const m = meta.get(name);
      if (!m) throw new Error(`value_info: no shape for ${name} (input of ${node.name})`);
      return m;
    });
    const results = inferNode(node, inputs);
    node.output!.forEach((name, i) => {
      meta.set(name, results[i]);
      if (!outputs.has(name)) valueInfo.push(tensorInfo(name, results[i].elemType, results[i].dims));
    });
  }
  return valueInfo;
}

function intAttr(node: OnnxTypes.INodeProto, name: string): number | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.i === undefined || a.i === null ? undefined : Number(a.i);
}

function intsAttr(node: OnnxTypes.INodeProto, name: string): number[] | undefined {
  return node.attribute?.find((x) => x.name === name)?.ints?.map(Number);
}

/** NumPy-style broadcasting of two shapes (a dim of 1 stretches; otherwise the dims must agree). */
function broadcast(a: Dim[], b: Dim[]): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Output metadata of one node of this graph (only the ops and attribute forms the builder emits). */
function inferNode(node: OnnxTypes.INodeProto, inputs: TensorMeta[]): TensorMeta[] {
  const [x, y] = inputs;
  const same = (elemType = x.elemType): TensorMeta[] => [{ elemType, dims: x.dims }];
  switch (node.opType) {
    case 'Shape':
      return [{ elemType: DataType.INT64, dims: [x.dims.length], value: x.dims }];
    case 'Gather': {
      const index = y.value?.length === 1 && y.dims.length === 0 ? y.value[0] : undefined;
      const value = x.value && typeof index === 'number' ? [x.value[index]] : undefined;
      return [{ elemType: x.elemType, dims: [...y.dims, ...x.dims.slice(1)], value }];
    }
    case 'Unsqueeze': {
      const axes = intsAttr(node, 'axes') ?? y.value!.map(Number);
      const dims = [...x.dims];
      for (const axis of axes) dims.splice(axis, 0, 1);
      return [{ elemType: x.elemType, dims, value: x.value }];
    }
    case 'Concat': {
      const value = inputs.every((i) => i.value) ? inputs.flatMap((i) => i.value!) : undefined;
      return [{ elemType: x.elemType, dims: [inputs.reduce((n, i) => n + Number(i.dims[0]), 0)], value }];
    }
    case 'Slice': {
      // Only the position-ids slice: one axis, from 0, step 1, to a (symbolic) end.
      const [, starts, ends, axes] = inputs;
      const dims = [...x.dims];
      dims[axes.value![0] as number] = starts.value![0] === 0 ? ends.value![0] : '?';
      return [{ elemType: x.elemType, dims }];
    }
    case 'Reshape':
      return [{ elemType: x.elemType, dims: y.value! }];
    case 'Transpose':
      return [{ elemType: x.elemType, dims: intsAttr(node, 'perm')!.map((p) => x.dims[p]) }];
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'Pow':
      return [{ elemType: x.elemType, dims: broadcast(x.dims, y.dims) }];
    case 'ReduceMean':
      return [{ elemType: x.elemType, dims: [...x.dims.slice(0, -1), 1] }];
    case 'MatMul':
    case 'MatMulInteger': {
      const batch = broadcast(x.dims.slice(0, -2), y.dims.slice(0, -2));
      const elemType = node.opType === 'MatMul' ? x.elemType : DataType.INT32;
      return [{ elemType, dims: [...batch, x.dims[x.dims.length - 2], y.dims[y.dims.length - 1]] }];
    }
    case 'Cast':
      return same(intAttr(node, 'to'));
    case 'DequantizeLinear':
      return same(DataType.FLOAT);
    case 'DynamicQuantizeLinear':
      return [
        { elemType: DataType.UINT8, dims: x.dims },
        { elemType: DataType.FLOAT, dims: [] },
        { elemType: DataType.UINT8, dims: [] },
      ];
    case 'Sqrt':
    case 'Erf':
    case 'Softmax':
      return same();
    default:
      throw new Error(`value_info: op ${node.opType} not handled`);
  }
}

/** Serializes the model; the bytes depend only on the shape, the seed and the variant (not on the model id). */
function encodeModel(graph: OnnxTypes.IGraphProto, variant: TestModelVariant): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'paperscope make-test-model',
    producerVersion: '1',
    docString: `paperscope test model (${variant}): BERT with random weights, not a trained model.`,
    graph,
  }).finish();
}

// ---------------------------------------------------------------------------------------------------------
// q8: onnxruntime dynamic quantization (quantize_dynamic, QInt8 weights, per_channel, reduce_range)
// ---------------------------------------------------------------------------------------------------------

/**
 * Symmetric int8 per output column with the 7-bit range [-64, 64] (reduce_range), zero points 0: what
 * quantize_dynamic(per_channel=True, reduce_range=True, weight_type=QInt8) stores for a MatMul weight.
 */
function quantizeWeightPerColumn(w: Float32Array, rows: number, cols: number) {
  const absMax = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) absMax[c] = Math.max(absMax[c], Math.abs(w[r * cols + c]));
  }
  const scale = Float32Array.from(absMax, (m) => (m > 0 ? m / 64 : 1));
  const values = new Int8Array(w.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      values[i] = Math.max(-64, Math.min(64, Math.round(w[i] / scale[c])));
    }
  }
  return { values, scale, zeroPoint: new Int8Array(cols) };
}

/** Asymmetric uint8 per tensor, the activation type, which quantize_dynamic uses for a Gather's constant table. */
function quantizeTableUint8(t: Float32Array) {
  let min = 0;
  let max = 0;
  for (const v of t) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? (max - min) / 255 : 1;
  const zeroPoint = Math.max(0, Math.min(255, Math.round(-min / scale)));
  const values = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) values[i] = Math.max(0, Math.min(255, Math.round(t[i] / scale) + zeroPoint));
  return { values, scale, zeroPoint };
}

/**
 * MatMul(x, W)  ->  DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zp, W_zp) -> Cast(float)
 *                   -> Mul(·, Mul(x_scale, W_scale))
 * Gather(T, ids) ->  Gather(T_q (uint8), ids) -> DequantizeLinear(·, T_scale, T_zp)
 * onnxruntime fuses the MatMul chain into DynamicQuantizeMatMul / MatMulIntegerToFloat at session time.
 */
function quantizedWeightOps(): WeightOps {
  // Like onnxruntime's quantizer, quantize each activation once and share it (Q, K and V read the same input).
  const quantized = new Map<string, string[]>();
  return {
    matmul(g, scope, x, name, d) {
      let xq = quantized.get(x);
      if (xq === undefined) {
        xq = g.op('DynamicQuantizeLinear', scope, [x], { outputs: [`${x}_quantized`, `${x}_scale`, `${x}_zero_point`] });
        quantized.set(x, xq);
      }
      const [xValues, xScale, xZeroPoint] = xq;
      const wq = quantizeWeightPerColumn(d.weight, d.inDim, d.outDim);
      const wValues = g.initializer(`${name}_quantized`, DataType.INT8, [d.inDim, d.outDim], wq.values);
      const wScale = g.float(`${name}_scale`, [d.outDim], wq.scale);
      const wZeroPoint = g.initializer(`${name}_zero_point`, DataType.INT8, [d.outDim], wq.zeroPoint);

      const product = g.op1('MatMulInteger', scope, [xValues, wValues, xZeroPoint, wZeroPoint]);
      const asFloat = g.op1('Cast', scope, [product], { attrs: [attr.int('to', DataType.FLOAT)] });
      const scale = g.op1('Mul', scope, [xScale, wScale]);
      return g.op1('Mul', scope, [asFloat, scale]);
    },
    gather(g, scope, name, table, rows, cols, indices) {
      const tq = quantizeTableUint8(table);
      const values = g.initializer(`${name}_quantized`, DataType.UINT8, [rows, cols], tq.values);
      const scale = g.float(`${name}_scale`, [], Float32Array.of(tq.scale));
      const zeroPoint = g.initializer(`${name}_zero_point`, DataType.UINT8, [], Uint8Array.of(tq.zeroPoint));
      const gathered = g.op1('Gather', scope, [values, indices]);
      return g.op1('DequantizeLinear', scope, [gathered, scale, zeroPoint]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Tokenizer and config files
// ---------------------------------------------------------------------------------------------------------

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const SPECIAL_TOKENS_MAP = {
  cls_token: '[CLS]',
  mask_token: '[MASK]',
  pad_token: '[PAD]',
  sep_token: '[SEP]',
  unk_token: '[UNK]',
};

/**
 * The tiny model's WordPiece vocabulary: special tokens (ids 0-4), every single character a lower-cased,
 * accent-stripped abstract is likely to hold (so unknown words fall back to characters, not [UNK]), `##`
 * continuations of letters and digits, common suffixes, and frequent words of arXiv abstracts so that
 * typical text tokenizes into words.
 */
function buildTinyVocab(): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const digits = '0123456789';
  const greek = 'αβγδεζηθικλμνξοπρστυφχψω';
  const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' + '–—‘’“”•…×±≤≥≈∼→←↔·°§√∞∈∑∂∇';
  const suffixes = [
    's', 'es', 'ed', 'ing', 'er', 'ers', 'est', 'ly', 'al', 'ally', 'ation', 'ations', 'tion', 'tions', 'ion',
    'ions', 'ity', 'ities', 'ive', 'ment', 'ments', 'ness', 'able', 'ible', 'ize', 'ized', 'izes', 'izing',
    'ization', 'ic', 'ical', 'ics', 'ism', 'ist', 'ists', 'ure', 'ance', 'ence', 'ant', 'ent', 'ous', 'ful',
    'less', 'ship', 'based', 'like', 'wise', 'net', 'former', 'formers', 'gan', 'bert', 'gpt', 'vit',
  ];

  const vocab = new Set<string>(SPECIAL_TOKENS);
  for (const c of punctuation + digits + letters + greek) vocab.add(c);
  for (const c of digits + letters + greek) vocab.add(`##${c}`);
  for (const suffix of suffixes) vocab.add(`##${suffix}`);
  for (const word of COMMON_WORDS.split(/\s+/)) if (word) vocab.add(word);
  return [...vocab];
}

/** HF tokenizers JSON for a lower-casing BERT WordPiece tokenizer (the structure of bert-base-uncased's). */
function bertTokenizerJson(vocab: string[]) {
  const ids = new Map(vocab.map((token, i) => [token, i]));
  const idOf = (token: string): number => {
    const id = ids.get(token);
    if (id === undefined) throw new Error(`token ${token} missing from the vocabulary`);
    return id;
  };
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0), sequence('B', 1), special('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [idOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [idOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

function bertConfigJson(id: string, s: BertShape) {
  return {
    _name_or_path: id,
    architectures: ['BertModel'],
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: s.hidden,
    initializer_range: 0.02,
    intermediate_size: s.intermediate,
    layer_norm_eps: s.layerNormEps,
    max_position_embeddings: s.maxPositions,
    model_type: 'bert',
    num_attention_heads: s.heads,
    num_hidden_layers: s.layers,
    pad_token_id: s.padTokenId,
    position_embedding_type: 'absolute',
    transformers_version: '4.29.2',
    type_vocab_size: s.typeVocabSize,
    use_cache: true,
    vocab_size: s.vocabSize,
  };
}

async function writeTinyTokenizer(modelDir: string, id: string): Promise<BertShape> {
  const vocab = buildTinyVocab();
  const shape: BertShape = { ...TINY_SHAPE, vocabSize: vocab.length };
  const tokenizerConfig = {
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    do_basic_tokenize: true,
    do_lower_case: true,
    mask_token: '[MASK]',
    model_max_length: 512,
    never_split: null,
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: 'BertTokenizer',
    unk_token: '[UNK]',
  };
  await writeJson(path.join(modelDir, 'config.json'), bertConfigJson(id, shape));
  await writeJson(path.join(modelDir, 'tokenizer.json'), bertTokenizerJson(vocab));
  await writeJson(path.join(modelDir, 'tokenizer_config.json'), tokenizerConfig);
  await writeJson(path.join(modelDir, 'special_tokens_map.json'), SPECIAL_TOKENS_MAP);
  await writeFileAtomic(path.join(modelDir, 'vocab.txt'), vocab.join('\n') + '\n');
  return shape;
}

const REAL_TOKENIZER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

/** Checks the real tokenizer directory and reads the model shape from its config.json. */
async function readRealModelShape(srcDir: string): Promise<BertShape> {
  const missing = REAL_TOKENIZER_FILES.filter((f) => !fs.existsSync(path.join(srcDir, f)));
  if (missing.length > 0) {
    throw new Error(
      `The minilm size needs the real all-MiniLM-L6-v2 tokenizer files in ${srcDir} ` +
        `(missing: ${missing.join(', ')}). Point --tokenizer (tokenizerDir) at a directory with ` +
        `${REAL_TOKENIZER_FILES.join(', ')}.`,
    );
  }
  const config = JSON.parse(await fs.promises.readFile(path.join(srcDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const num = (key: string, fallback?: number): number => {
    const v = config[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${srcDir}/config.json: "${key}" is not a number`);
    return v;
  };
  if (config.model_type !== 'bert') throw new Error(`${srcDir}/config.json: model_type is "${String(config.model_type)}", expected "bert"`);
  const shape: BertShape = {
    vocabSize: num('vocab_size'),
    hidden: num('hidden_size'),
    layers: num('num_hidden_layers'),
    heads: num('num_attention_heads'),
    intermediate: num('intermediate_size'),
    maxPositions: num('max_position_embeddings'),
    typeVocabSize: num('type_vocab_size', 2),
    layerNormEps: num('layer_norm_eps', 1e-12),
    padTokenId: num('pad_token_id', 0),
  };
  if (shape.hidden % shape.heads !== 0) throw new Error(`${srcDir}/config.json: hidden_size is not a multiple of num_attention_heads`);
  const vocabLines = (await fs.promises.readFile(path.join(srcDir, 'vocab.txt'), 'utf8')).split('\n').filter((l) => l !== '').length;
  if (vocabLines !== shape.vocabSize) {
    throw new Error(`${srcDir}: vocab.txt has ${vocabLines} tokens but config.json says vocab_size ${shape.vocabSize}`);
  }
  return shape;
}

/** Copies the real tokenizer and config files unchanged (their model_max_length, truncation, ... included). */
async function copyRealTokenizer(srcDir: string, modelDir: string, shape: BertShape): Promise<BertShape> {
  for (const f of REAL_TOKENIZER_FILES) {
    await writeFileAtomic(path.join(modelDir, f), await fs.promises.readFile(path.join(srcDir, f)));
  }
  return shape;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Write to a temporary name, then rename, so a reader never sees a half-written model file. */
async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.promises.writeFile(tmp, data);
  await fs.promises.rename(tmp, file);
}

// ---------------------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------------------

const USAGE = `Usage: tsx scripts/make-test-model.ts --size tiny|minilm --out <modelsDir>
         [--id <modelId>] [--tokenizer <dir>] [--seed N] [--variants fp32,q8]

Writes <modelsDir>/<modelId>/ in the transformers.js layout (config, tokenizer files, onnx/model.onnx,
onnx/model_quantized.onnx) with random weights.
  --size       tiny (hidden 32, 2 layers, own vocabulary; default id ${DEFAULT_MODEL_IDS.tiny})
               minilm (all-MiniLM-L6-v2 shapes and real tokenizer; default id ${DEFAULT_MODEL_IDS.minilm})
  --tokenizer  minilm only; default ${path.relative(process.cwd(), DEFAULT_TOKENIZER_DIR) || DEFAULT_TOKENIZER_DIR}
  --seed       weight seed (default ${DEFAULT_SEED})
  --variants   which ONNX files to write (default fp32,q8)`;

function parseArgs(argv: string[]): MakeTestModelOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!['--size', '--out', '--id', '--tokenizer', '--seed', '--variants'].includes(flag)) {
      throw new UsageError(`Unknown argument "${arg}"`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const size = values.get('--size');
  if (size !== 'tiny' && size !== 'minilm') throw new UsageError('--size must be tiny or minilm');
  const outDir = values.get('--out');
  if (!outDir) throw new UsageError('--out <modelsDir> is required');
  const seedText = values.get('--seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${seedText}"`);
  const variantsText = values.get('--variants');
  const variants = variantsText?.split(',').map((v) => v.trim());
  if (variants && (variants.length === 0 || variants.some((v) => v !== 'fp32' && v !== 'q8'))) {
    throw new UsageError(`--variants must be a comma-separated subset of fp32,q8, got "${variantsText}"`);
  }
  return {
    size,
    outDir: path.resolve(outDir),
    id: values.get('--id'),
    tokenizerDir: values.has('--tokenizer') ? path.resolve(values.get('--tokenizer')!) : undefined,
    seed,
    variants: variants as TestModelVariant[] | undefined,
  };
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let opts: MakeTestModelOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  const start = performance.now();
  try {
    const dir = await makeTestModel(opts);
    const seconds = ((performance.now() - start) / 1000).toFixed(2);
    console.log(`Wrote ${dir} in ${seconds} s`);
    for (const file of ['config.json', 'tokenizer.json', 'vocab.txt', ...Object.values(ONNX_FILE).map((f) => `onnx/${f}`)]) {
      const full = path.join(dir, file);
      if (fs.existsSync(full)) console.log(`  ${file.padEnd(26)} ${fs.statSync(full).size.toLocaleString('en-US').padStart(12)} bytes`);
    }
    return 0;
  } catch (e) {
    console.error(`make-test-model: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fs.realpathSync(path.resolve(entry)) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// The 2,000 most frequent words (of length > 1) in the titles and abstracts of 20,000 arXiv CS papers
// (../shared/data/arxiv, CC0) that are also whole words in BERT's uncased vocabulary; ~78% of word
// occurrences there. They make the tiny vocabulary tokenize abstracts mostly into words.
// ---------------------------------------------------------------------------------------------------------

const COMMON_WORDS = `
  the and to of in for we that on with models this is by model our as from based language data performance an
  image are large learning methods these reasoning training which framework while tasks propose across multi
  generation using method can approach their existing high results visual at or novel demonstrate such text
  however video introduce images both fine quality information real have experiments state through human task
  detection it into accuracy address knowledge time more art vision paper be between two evaluation domain
  features diffusion work its world show has often attention level semantic code analysis challenges first
  extensive specific efficient understanding scale object significantly significant diverse but also context
  approaches only https over new multiple research ai feature tuning available trained complex capabilities
  systems different via proposed process not low further when spatial study alignment due without key recent
  cross open classification including applications temporal each inference various effective effectiveness
  where aware com potential long three self robust critical scene effectively motion scenarios deep present
  generated enhance dynamic efficiency representation retrieval they optimization network medical neural
  comprehensive system source pre single challenge computational specifically limited space enabling compared
  current representations designed design evaluate remains during challenging shot all prompt view than
  strategy modeling under supervised generate recognition like within how reconstruction end use content used
  prediction limitations improve ability experimental then most module techniques consistency input resolution
  accurate achieving user findings agent point one token gap enables enhancing synthetic yet problem
  additionally target strong loss well driven speech test estimation global fusion question achieve natural
  particularly provide traditional prior distribution guided strategies furthermore processing improves
  improving been architecture objects capture adaptive making step depth videos them other mechanism set stage
  agents local foundation memory better domains non introduces networks future clinical graph up even free
  generating zero control focus pose rely noise need parameters pipeline structure adaptation structured
  environments samples resource safety struggle unified crucial provides face class settings superior lack
  languages insights complexity general range solution perception textual field editing previous practical
  despite reinforcement improvements conditions identify small leading studies score audio bias cost machine
  synthesis will support patterns automated reward standard enhanced scenes regions evaluating camera sampling
  rag maintaining development sparse few promising interaction consistent baseline improved driving outputs
  extraction labels action autonomous achieved improvement imaging presents typically preserving essential
  reducing simple error transfer augmented relevant downstream fidelity translation uncertainty paradigm
  questions demonstrated instruction components find search providing issues many frequency compression
  especially may highlight moreover directly four publicly tracking lightweight consistently interactions
  parameter learn integrating several responses still geometric precise decision demonstrating matching
  diversity types average advanced pairs dual number requires higher hierarchical algorithm selection given
  perform answering additional inputs frame prompting best require preference offers role out scaling
  capability map impact similarity demonstrates assessment advances reference layer building rendering against
  event integration issue query explore details output computer expert second substantial structural clip
  offering constraints full behavior reveal guidance finally resulting requiring problems planning develop
  instance related application overall layers flow assess thereby enable mechanisms realistic scores concept
  aims fully train tool style leverage progress algorithms optimal social dynamics tuned feedback size policy
  reliable about any precision original tools highly frames maps same answer shown users structures online was
  evaluated exhibit success beyond deployment geometry response highlighting cot chain employs public among
  post aligned remain label primarily incorporating fail inherent thought reduces towards ensuring predictions
  function remarkable privacy form short transformers dense english hybrid rate specialized applied pixel
  relationships produce importance constrained conventional automatic explicit cloud sequences linear attacks
  were core reduce common investigate linguistic intelligence distinct signals detailed similar errors causal
  fundamental recently supervision labeled experts wise costs systematically empirical varying document ground
  generates unlike metric points sensing steps categories continuous widely accurately notably degradation
  although sequence do inspired perspective identification ensure whether less gradient construct rich unseen
  some terms offer external no physical anomaly systematic technique cases competitive reliability those
  length identifying shape conduct trajectory value cues tailored facial contrast enhancement there surface
  contexts important times guide thus levels increasing exploration extract implicit sample align learned
  attack individual pseudo solutions joint incorporates minimal become five increasingly analyze addition
  direct objective order comparable edge poses base concepts along allows processes combines semantics way
  uses remote examples distributions combining relative characteristics works suffer explicitly weights head
  mapping simulation descriptions survey next efficiently scientific evidence capable addressing term bench
  variations limitation dimensional interactive corresponding wide developed cognitive reveals case light
  capturing hand powerful nature classes resources grounded project bridge integrated speed mask diagnosis
  risk review early shows gains integrate unique advancing fields toward derived net instructions made digital
  views sam identity modules manipulation off respectively io changes static facilitate brain limiting series
  addresses per emerged confidence difficulty manual being predict attributes encoding re body emotion make
  environment properties artificial background diagnostic focused upon humans either overhead setting proposes
  conducted allowing internal differences distance final rank rather mathematical flexible detecting following
  employ communication spectral trade rapid health group called shared fast overcome monitoring thinking
  quantitative sensitive includes introducing leads intensive region color developing lower factors valuable
  patient lead actions top theoretical dimensions truth dialogue automatically appearance texture restoration
  validation known alternative computation part fixed detect difficult cultural does cnn understand applying
  handle subject introduced initial capacity directions result turn effects testing reduction utilizing
  imagery functions phase inter released modern release conditional highlights sources documents noisy
  analyzing mri complementary texts simultaneously after solving co adapt performing preferences engineering
  verification values navigation relying position larger abilities apply stable ct teacher answers sets
  handling largely box access disease super therefore particular sensor word student negative parallel robot
  captures named tackle web semi legal path corpus vocabulary coarse built impressive artifacts shifts
  combined signal substantially ii smaller intermediate create media power indicate underlying increase
  focusing weight jointly mean instead incorporate manner devices purpose entropy utilizes major balance
  graphs what component states researchers six promise filtering compute suggest correlation chinese
  requirements limits forward observe explanations complete masks shift change explored clouds community
  growing mixture closed ones stages areas collaborative sub random faster years play associated rates utility
  comprising patch decomposition segment entity methodology energy compare attribute urban character found
  gaps concerns virtual establish optical events consists reliance theory direction could channel supports us
  recall focuses correct vector popular construction robotic aim showing cancer sentiment cameras coherent
  science compact influence advantages surgical healthcare person sentence expression page factual before
  instances goal correction relevance performs discrete detail masked risks report curated physics behaviors
  block predicting area missing conditioned observed backbone sequential assessing activation utilize
  registration targeted required paired solely stability outcomes learns category interest superiority
  continual type environmental elements increases binary measure effect faces discovery vehicle demands
  reduced creating literature coding density insight main reason example collection tree exploring aspects
  controlled operations convergence news spanning scales mesh hard oriented benefits observations adapting
  usage traffic help extracted historical intrinsic involves include yields raw creation should sensitivity
  comprehension branch awareness obtain boundary comparison logical meta security merging math serve collected
  represent decisions game advance provided strengths coverage scheme fairness updates containing fact
  aggregation normal hardware industrial if boundaries efficacy anatomical solve mobile intelligent management
  execution expensive suitable broader entire implementation satellite relationship producing forgetting fewer
  supporting efforts positive harmful codes loop certain emerging dependent computing variability
  transformation costly progressive manually interpretation rule meaningful probability observation sizes
  regression previously ray involving identifies surpassing much judge exhibits cache covering defined because
  mixed practice so flexibility increased gender contains embodied scoring preserve contributions build radar
  labeling technical makes extended maintain since variety architectural detectors inherently estimate
  completion expressions words entities independent volume employed followed relation emotional platform
  comprises examine intent kv classical rewards notable primary evolution estimates groups choice hidden
  combination ensures poor visually revealing commonly demand established ensemble ranking generator symbolic
  tune matrix layout black extend active comparative statistical weighted objectives caused subtle pattern
  subset collaboration potentially informed participants must facilitating employing redundant reports
  representative platforms evolving constructed preservation universal weather subsequently pathology sql
  possible patches technologies experience residual relies broad auxiliary rigorous scenario financial
  perspectives principles condition obtained captured reflection lighting insufficient produces road greater
  innovative comparing gemini targets explores whole million spaces conditioning ad variants robotics analyses
  activity match sign advancement necessary here reflect plays intra aerial vectors able patients clear just
  vs sensors steering invariant stereo together table considering ambiguity yield simulated overlook carefully
  needs technology establishes discuss investigates heads numerical generalized predicted appropriate great
  underwater predominantly partial cannot mainly safe embedded establishing shapes moe exploit vehicles
  modular cell acquisition accessible heavily standardized frequently alongside distortion near parts select
  numerous writing arbitrary innovations very unknown balancing biomedical bert transform ranging around
  selected topic plug individuals animation eye storage taxonomy stream pass movements reality configurations
  measures transformations approximately confirm candidate ended ml fall total ar paths proprietary treatment
  robots removal easily bit represents suggesting seen dedicated assessments deeper adoption soft software
  description relations projection filter refined consuming gain according representing progressively
  constraint inverse kernel speaker mental skills enabled past central gui hop excel facilitates indoor
  successfully eliminating propagation contribute featuring logic motivated designs cad conversations segments
  formal adopt created highest intricate blocks material tissue pair functional production preserves guiding
  format separate powered failure finding defense determine motions narrative mini useful iii track rapidly
  constructing distributed phenomenon incorrect seven closely serves infrared performed abstract false vital
  presence prototype sar contribution assisted scans experiment stronger mode identified tested true suite
  arabic good rules tumor update sourced severe sufficient irrelevant tend variation explanation discourse
  illumination wild ethical contain consider detector utilized aspect implications argue subjective positions
  independently materials selecting routing adapted intervention utilization becomes availability visible weak
  pro selective gs styles widespread retrieved variance criteria comparisons slow advantage affect implement
  aiming consumption amount injection subjects prone feasibility ambiguous measurement deployed formulation
  maintains extracts expertise labor account trust balanced auto absolute gained variable extremely simulate
  educational life people naturally counting define needed basic sentences benefit weakly generally tests
  ratio expressive id others transparent difference indicating pixels device database distinguish interference
  location measurements termed interface physically subsequent longer meanwhile absence product extends
  anything creative inconsistent ultrasound far usually factor close third streaming policies topics
  deformation grid slam consisting offs measuring mt another academic operates sharing window claims adopted
  correspondence cause extending commercial localized alone mutual opportunities idea degraded lacking
  movement plausible newly age claude programming quantum moving namely combine hypothesis modifications
  simulations clean currently line traces behind relatively limit realism overlooking species de transparency
  catastrophic extreme dl interpret synthesized own meaning rigid spoken alleviate mm emergence whereas
  dependency easy sr recovery applies dimension vulnerable accelerate boost hope acceleration thermal budget
  reviews intuitive place contributes incomplete private though regarding diseases effort uniform judgments
  derive presented political recommendation lies follow gesture law practices gaze probing represented
  differential demonstrations suggests forms assumptions every assumption st articles music procedure custom
  composition prevent property version induced biased down take margin viewpoint fake landscape streams
  yielding operating led games automation studied likelihood refining suited mainstream conversation generic
  textures matches protocols papers skill degree chains family considerable allow selects massive acoustic
  retrieve ms education protocol hate hours fails showed back verify cluster skeleton native sophisticated
  innovation frozen transforms voice consequently side think designing rotation operation adjust slide drop
  orientation persistent threshold frontier scarce surfaces computed crop topology ultra characters
  infrastructure garment adverse intensity poorly unclear behavioral students fused above cover would
  compressed lacks growth nearly bridges claim magnitude curriculum counterparts metadata transport
  interventions classify adding spectrum operate etc emphasize versatile ultimately combinations vast greatly
  boxes conflicts pivotal edit throughout fuse prototypes index allocation remaining dice delivers eight modes
  rare agreement nevertheless batch inversion biological recognizing varied respect malicious locations hoc kg
  food skin nodes depends call sim lens continuously dialogues transitions vulnerability little written
  cognition topological judgment avoid compatible integrity encompassing plan industry investigation posed
  collect history theoretically guidelines expansion earth share considered breast emotions encoded partially
  recognize likely mining variables avoiding demographic produced precisely experiences approximation care
  uncover overlooked rise vr extent successful formats attempt trends tensor estimated you surveillance
  choices emphasizing recover paving drift promote expected bi guarantees desired lip feed valid units itself
`;
