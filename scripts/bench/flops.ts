/**
 * The model's arithmetic: FLOPs per document from its shape and the real token counts, and the rate
 * onnxruntime reaches on a lone MatMul of the model's shapes here, to compare the embedder's rate with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { Rng } from '../lib/rng.js';

const { onnx } = onnxProto;

export interface BertConfig {
  hidden: number;
  layers: number;
  intermediate: number;
}

export function readBertConfig(modelDir: string): BertConfig {
  const c = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as { hidden_size: number; num_hidden_layers: number; intermediate_size: number };
  return { hidden: c.hidden_size, layers: c.num_hidden_layers, intermediate: c.intermediate_size };
}

/** Encoder weights and biases (Q, K, V, attention output, FFN in and out, two LayerNorms per layer); no embedding tables. */
export function nonEmbeddingParams(c: BertConfig): number {
  const h = c.hidden;
  const attention = 4 * (h * h + h);
  const ffn = h * c.intermediate + c.intermediate + c.intermediate * h + h;
  const norms = 2 * 2 * h;
  return c.layers * (attention + ffn + norms);
}

/**
 * FLOPs to encode one text of `tokens` tokens: 2 per parameter per token (multiply + add), plus the
 * attention products Q·Kᵀ and P·V, 2·seq·hidden each per token per layer (4·seq·hidden together).
 */
export function docFlops(c: BertConfig, tokens: number): number {
  return tokens * (2 * nonEmbeddingParams(c) + 4 * c.layers * tokens * c.hidden);
}

export interface GemmResult {
  /** Best rate over the shapes, in GFLOP/s (fp32) or GOP/s (int8). */
  rate: number;
  shape: string;
  all: { shape: string; rate: number }[];
}

/**
 * This machine's achievable GEMM rate through onnxruntime: one-node graphs, activations [m,k] times
 * constant weights [k,n] (the shapes of the model's linear layers at a batch of ~32 abstracts), fp32
 * MatMul or int8 MatMulInteger. `step()` runs each shape once, so the caller can interleave it with
 * other work and the rate is measured under the same machine conditions; the best shape is reported.
 */
export class GemmBench {
  private readonly seconds: number[];
  private readonly runs: number[];

  private constructor(
    readonly kind: 'fp32' | 'int8',
    private readonly shapes: { shape: [number, number, number]; session: ort.InferenceSession; feeds: Record<string, ort.Tensor> }[],
  ) {
    this.seconds = shapes.map(() => 0);
    this.runs = shapes.map(() => 0);
  }

  static async create(kind: 'fp32' | 'int8', threads: number): Promise<GemmBench> {
    const dims: [number, number, number][] = [
      [4096, 384, 1536],
      [4096, 1536, 384],
      [4096, 384, 384],
    ];
    const rng = new Rng(11);
    const shapes = [];
    for (const [m, k, n] of dims) {
      const model = kind === 'fp32' ? matmulModel(k, n) : matmulIntegerModel(k, n);
      const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1 });
      let a: ort.Tensor;
      if (kind === 'fp32') {
        const data = new Float32Array(m * k);
        for (let i = 0; i < data.length; i++) data[i] = rng.normal();
        a = new ort.Tensor('float32', data, [m, k]);
      } else {
        const data = new Uint8Array(m * k);
        for (let i = 0; i < data.length; i++) data[i] = rng.int(256);
        a = new ort.Tensor('uint8', data, [m, k]);
      }
      const feeds = { a };
      await session.run(feeds); // warm-up: allocations, thread pool start
      shapes.push({ shape: [m, k, n] as [number, number, number], session, feeds });
    }
    return new GemmBench(kind, shapes);
  }

  async step(): Promise<void> {
    for (let i = 0; i < this.shapes.length; i++) {
      const t0 = performance.now();
      await this.shapes[i].session.run(this.shapes[i].feeds);
      this.seconds[i] += (performance.now() - t0) / 1000;
      this.runs[i]++;
    }
  }

  result(): GemmResult {
    const all = this.shapes.map(({ shape: [m, k, n] }, i) => ({ shape: `${m}×${k}·${k}×${n}`, rate: (2 * m * k * n * this.runs[i]) / this.seconds[i] / 1e9 }));
    const best = all.reduce((x, y) => (y.rate > x.rate ? y : x));
    return { rate: best.rate, shape: best.shape, all };
  }

  async release(): Promise<void> {
    for (const s of this.shapes) await s.session.release();
  }
}

/** Copying a 4096×1536 result out to JavaScript on every run would be timed as multiplying. */
const KEEP_NO_DIMS = { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 };

function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } };
}

/**
 * ONNX bytes of one product summed to a number: `op` (MatMul or MatMulInteger) of the input `a`
 * [m_dyn, k] and the constant `w` [k, n], then ReduceSum. The sum keeps the output copy out of the timing.
 */
function productModel(name: string, op: { opType: string; input: string[] }, initializer: object[], inputType: number, outputType: number, k: number): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'paperscope bench',
    graph: {
      name,
      node: [
        { ...op, name: 'matmul', output: ['y'] },
        { opType: 'ReduceSum', name: 'sum', input: ['y'], output: ['total'], attribute: [KEEP_NO_DIMS] },
      ],
      initializer,
      input: [valueInfo('a', inputType, ['m', k])],
      output: [valueInfo('total', outputType, [])],
    },
  }).finish();
}

function matmulIntegerModel(k: number, n: number): Uint8Array {
  const rng = new Rng(6);
  const w = new Int8Array(k * n);
  for (let i = 0; i < w.length; i++) w[i] = rng.int(129) - 64;
  const T = onnx.TensorProto.DataType;
  const initializer = [
    { name: 'w', dataType: T.INT8, dims: [k, n], rawData: new Uint8Array(w.buffer) },
    { name: 'a_zero', dataType: T.UINT8, dims: [], rawData: Uint8Array.of(128) },
    { name: 'w_zero', dataType: T.INT8, dims: [], rawData: Uint8Array.of(0) },
  ];
  return productModel('gemm_int8', { opType: 'MatMulInteger', input: ['a', 'w', 'a_zero', 'w_zero'] }, initializer, T.UINT8, T.INT32, k);
}

function matmulModel(k: number, n: number): Uint8Array {
  const rng = new Rng(5);
  const w = new Float32Array(k * n);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.02;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const initializer = [{ name: 'w', dataType: FLOAT, dims: [k, n], rawData: new Uint8Array(w.buffer) }];
  return productModel('gemm', { opType: 'MatMul', input: ['a', 'w'] }, initializer, FLOAT, FLOAT, k);
}
