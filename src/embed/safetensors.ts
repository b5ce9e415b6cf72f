/**
 * Reads a .safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data. The format is small enough that a reader
 * is shorter than a dependency. Float tensors (F32, and F16 as model2vec stores its embeddings) are
 * decoded to Float32Array; others (e.g. BERT's int64 position_ids buffer) are skipped.
 */
export interface TensorF32 {
  shape: number[];
  data: Float32Array;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const BYTES: Record<string, number> = { F32: 4, F16: 2 };

/** Throws a plain Error naming `source` when the bytes are not a safetensors file. */
export function readSafetensors(bytes: Uint8Array, source: string): Map<string, TensorF32> {
  if (bytes.byteLength < 8) throw new Error(`${source}: too short to be a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8) throw new Error(`${source}: header length ${headerLength} exceeds the file`);
  let header: Record<string, HeaderEntry | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as typeof header;
  } catch {
    throw new Error(`${source}: the header is not JSON, so this is not a safetensors file`);
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, TensorF32>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: [begin, end] } = entry as HeaderEntry;
    const width = BYTES[dtype];
    if (width === undefined) continue;
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * width || dataStart + end > bytes.byteLength) {
      throw new Error(`${source}: tensor ${name} ${JSON.stringify(shape)} does not fit its byte range ${begin}..${end}`);
    }
    const raw = bytes.subarray(dataStart + begin, dataStart + end);
    tensors.set(name, { shape, data: dtype === 'F32' ? copyF32(raw, count) : decodeF16(raw, count) });
  }
  return tensors;
}

/** A copy: a tensor's data need not be 4-byte aligned within the file. */
function copyF32(raw: Uint8Array, count: number): Float32Array {
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(raw);
  return data;
}

/** IEEE 754 half precision to single, including subnormals, infinities and NaN. */
function decodeF16(raw: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const h = raw[2 * i] | (raw[2 * i + 1] << 8);
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * fraction * 2 ** -24;
    else if (exponent === 31) out[i] = fraction ? NaN : sign * Infinity;
    else out[i] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
