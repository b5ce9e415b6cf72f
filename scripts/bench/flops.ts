/**
 * The model's arithmetic: FLOPs per document from its shape and the real token counts, and the rate
 * onnxruntime reaches on a lone MatMul of the model's shapes here, to compare the embedder's rate with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Rng } from '../lib/rng.js';
import { attr, DataType, encodeModel, GraphBuilder, tensorInfo } from '../model/onnx-graph.js';

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
      const model = productModel(kind, k, n);
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

/**
 * ONNX bytes of one product summed to a number: MatMul (fp32) or MatMulInteger (int8) of the input `a`
 * [m_dyn, k] and a constant [k, n] of the model's weight scale, then ReduceSum (all axes, no dims kept),
 * so that copying a 4096×1536 result out to JavaScript on every run is not timed as multiplying.
 */
function productModel(kind: 'fp32' | 'int8', k: number, n: number): Uint8Array {
  const g = new GraphBuilder();
  let product: string;
  if (kind === 'fp32') {
    const rng = new Rng(5);
    const w = new Float32Array(k * n);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.02;
    product = g.op1('MatMul', '', ['a', g.float('w', [k, n], w)]);
  } else {
    const rng = new Rng(6);
    const w = new Int8Array(k * n);
    for (let i = 0; i < w.length; i++) w[i] = rng.int(129) - 64;
    const weights = g.initializer('w', DataType.INT8, [k, n], w);
    const aZero = g.initializer('a_zero', DataType.UINT8, [], Uint8Array.of(128));
    const wZero = g.initializer('w_zero', DataType.INT8, [], Int8Array.of(0));
    product = g.op1('MatMulInteger', '', ['a', weights, aZero, wZero]);
  }
  const total = g.op1('ReduceSum', '', [product], { attrs: [attr.int('keepdims', 0)], output: 'total' });
  const inputType = kind === 'fp32' ? DataType.FLOAT : DataType.UINT8;
  const outputType = kind === 'fp32' ? DataType.FLOAT : DataType.INT32;
  const graph = {
    name: `gemm_${kind}`,
    node: g.nodes,
    initializer: g.initializers,
    input: [tensorInfo('a', inputType, ['m', k])],
    output: [tensorInfo(total, outputType, [])],
  };
  return encodeModel(graph, { producerName: 'paperscope bench', docString: `one ${kind} product of the model's shapes` });
}
