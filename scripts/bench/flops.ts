/**
 * The compute ceiling: how many documents per second this CPU could embed if every FLOP of the model
 * ran at the machine's best fp32 GEMM rate. FLOPs come from the model's shape and the real token counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { Rng } from './rng.js';

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
  gflops: number;
  shape: string;
  all: { shape: string; gflops: number }[];
}

/**
 * This machine's achievable fp32 GEMM rate through onnxruntime: a one-node MatMul graph (activations
 * [m,k] × constant weights [k,n], the shape of the model's linear layers at a batch of ~32 abstracts),
 * timed over repeated runs. The best of a few shapes is the ceiling.
 */
export async function measureGemm(threads: number, secondsPerShape: number): Promise<GemmResult> {
  const shapes: [number, number, number][] = [
    [4096, 384, 1536],
    [4096, 1536, 384],
    [4096, 384, 384],
  ];
  const all: { shape: string; gflops: number }[] = [];
  for (const [m, k, n] of shapes) {
    const session = await ort.InferenceSession.create(matmulModel(k, n), { intraOpNumThreads: threads, interOpNumThreads: 1 });
    const a = new Float32Array(m * k);
    const rng = new Rng(11);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
    const feeds = { a: new ort.Tensor('float32', a, [m, k]) };
    await session.run(feeds); // warm-up: allocations, thread pool start
    let runs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < secondsPerShape * 1000 || runs < 3) {
      await session.run(feeds);
      runs++;
    }
    const seconds = (performance.now() - t0) / 1000;
    all.push({ shape: `${m}×${k}·${k}×${n}`, gflops: (2 * m * k * n * runs) / seconds / 1e9 });
    await session.release();
  }
  const best = all.reduce((x, y) => (y.gflops > x.gflops ? y : x));
  return { gflops: best.gflops, shape: best.shape, all };
}

export interface Int8GemmResult {
  gops: number;
  shape: string;
}

/**
 * The int8 counterpart (extra, for the q8 model): MatMulInteger of uint8 activations [m,k] by constant
 * int8 weights [k,n] into int32, the core of what onnxruntime runs for a quantized linear layer.
 */
export async function measureInt8Gemm(threads: number, secondsPerShape: number): Promise<Int8GemmResult> {
  const shapes: [number, number, number][] = [
    [4096, 384, 1536],
    [4096, 1536, 384],
  ];
  let best: Int8GemmResult = { gops: 0, shape: '' };
  for (const [m, k, n] of shapes) {
    const session = await ort.InferenceSession.create(matmulIntegerModel(k, n), { intraOpNumThreads: threads, interOpNumThreads: 1 });
    const a = new Uint8Array(m * k);
    const rng = new Rng(13);
    for (let i = 0; i < a.length; i++) a[i] = rng.int(256);
    const feeds = { a: new ort.Tensor('uint8', a, [m, k]) };
    await session.run(feeds);
    let runs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < secondsPerShape * 1000 || runs < 3) {
      await session.run(feeds);
      runs++;
    }
    const gops = (2 * m * k * n * runs) / ((performance.now() - t0) / 1000) / 1e9;
    if (gops > best.gops) best = { gops, shape: `${m}×${k}·${k}×${n}` };
    await session.release();
  }
  return best;
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } };
}

function matmulIntegerModel(k: number, n: number): Uint8Array {
  const rng = new Rng(6);
  const w = new Int8Array(k * n);
  for (let i = 0; i < w.length; i++) w[i] = rng.int(129) - 64;
  const T = onnx.TensorProto.DataType;
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'paperscope bench',
    graph: {
      name: 'gemm_int8',
      node: [{ opType: 'MatMulInteger', name: 'matmul', input: ['a', 'w', 'a_zero', 'w_zero'], output: ['y'] }],
      initializer: [
        { name: 'w', dataType: T.INT8, dims: [k, n], rawData: new Uint8Array(w.buffer) },
        { name: 'a_zero', dataType: T.UINT8, dims: [], rawData: Uint8Array.of(128) },
        { name: 'w_zero', dataType: T.INT8, dims: [], rawData: Uint8Array.of(0) },
      ],
      input: [valueInfo('a', T.UINT8, ['m', k])],
      output: [valueInfo('y', T.INT32, ['m', n])],
    },
  }).finish();
}

/** ONNX bytes of y = a · W, with a: float[m_dyn, k] input and W: float[k, n] constant. */
function matmulModel(k: number, n: number): Uint8Array {
  const rng = new Rng(5);
  const w = new Float32Array(k * n);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.02;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const info = (name: string, dims: (number | string)[]) => valueInfo(name, FLOAT, dims);
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'paperscope bench',
    graph: {
      name: 'gemm',
      node: [{ opType: 'MatMul', name: 'matmul', input: ['a', 'w'], output: ['y'] }],
      initializer: [{ name: 'w', dataType: FLOAT, dims: [k, n], rawData: new Uint8Array(w.buffer) }],
      input: [info('a', ['m', k])],
      output: [info('y', ['m', n])],
    },
  }).finish();
}
