/**
 * Reads a .safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data. The format is small enough that a
 * reader is shorter than a dependency; only the float32 tensors a BERT checkpoint holds are decoded.
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

export function readSafetensors(bytes: Uint8Array, source: string): Map<string, TensorF32> {
  if (bytes.byteLength < 8) throw new Error(`${source}: too short to be a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8) throw new Error(`${source}: header length ${headerLength} exceeds the file`);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, HeaderEntry | Record<string, string>>;
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, TensorF32>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: [begin, end] } = entry as HeaderEntry;
    if (dtype !== 'F32') continue; // e.g. the int64 position_ids buffer, which the graph rebuilds itself
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * 4 || dataStart + end > bytes.byteLength) {
      throw new Error(`${source}: tensor ${name} ${JSON.stringify(shape)} does not fit its byte range ${begin}..${end}`);
    }
    // Copy: the data of a tensor need not be 4-byte aligned within the file.
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { shape, data });
  }
  return tensors;
}
