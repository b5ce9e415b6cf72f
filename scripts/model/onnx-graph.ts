/**
 * A small ONNX graph builder: nodes in topological order, initializers as raw little-endian data, node and
 * value names in torch.onnx's scheme, and the value_info shapes torch.onnx records, so that onnxruntime
 * optimizes a built graph like an exported one.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * Opset of the default domain. Optimum exported BERT with opset 11 when the hub's Xenova files were made
 * (2023): Unsqueeze with an `axes` attribute, Softmax with axis 3. Every op used exists there:
 * DynamicQuantizeLinear (11), MatMulInteger (10), DequantizeLinear (10), Erf (9). IR version 6 goes with
 * opset 11 (ONNX 1.6). Setting 14 / IR 7 also works and onnxruntime 1.30 optimizes both to the same graph.
 */
export const OPSET = 11;
const IR_VERSION = 6;

export const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

export const attr = {
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
export class GraphBuilder {
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

export function tensorInfo(name: string, elemType: number, dims: (string | number)[]): OnnxTypes.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export function unsqueeze(g: GraphBuilder, scope: string, x: string, axes: number[]): string {
  // Unsqueeze takes `axes` as an attribute up to opset 12 and as an input from opset 13 on.
  return OPSET >= 13
    ? g.op1('Unsqueeze', scope, [x, g.constInt64(axes)])
    : g.op1('Unsqueeze', scope, [x], { attrs: [attr.ints('axes', axes)] });
}

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
export function inferValueInfo(graph: OnnxTypes.IGraphProto): OnnxTypes.IValueInfoProto[] {
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

/** Serializes a model of one graph; the bytes depend only on the graph and the two labels. */
export function encodeModel(graph: OnnxTypes.IGraphProto, labels: { producerName: string; docString: string }): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: labels.producerName,
    producerVersion: '1',
    docString: labels.docString,
    graph,
  }).finish();
}
