/**
 * q8: what onnxruntime's dynamic quantization (quantize_dynamic with QInt8 weights, per_channel and
 * reduce_range: the defaults of transformers.js' conversion script) makes of the fp32 BERT graph.
 */
import type { WeightOps } from './bert-graph.js';
import { attr, DataType } from './onnx-graph.js';

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
export function quantizedWeightOps(): WeightOps {
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
