/**
 * A fitted model as plain data: small JSON-able fields plus large typed arrays.
 * `encodeArtifact` packs it into one Buffer (for a Postgres bytea column);
 * `decodeArtifact` reads it back without copying the arrays more than once.
 *
 * Layout: "BSRM" | u32 format version | u32 header length | header JSON (UTF-8) |
 * zero padding to 8 bytes | arrays, each starting on an 8-byte boundary.
 */

export type ModelKind = 'popularity' | 'item-knn' | 'ease';

export type TypedArrayData = Float32Array | Float64Array | Int32Array;

export interface ModelArtifact {
  readonly kind: ModelKind;
  /** Hyper-parameters and fit facts (e.g. lambda, neighbours, fit users). */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Item id for every model item index. */
  readonly itemIds: readonly string[];
  readonly arrays: Readonly<Record<string, TypedArrayData>>;
}

const MAGIC = 'BSRM';
const FORMAT_VERSION = 1;

type DType = 'f32' | 'f64' | 'i32';

interface ArrayEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly byteOffset: number;
  readonly length: number;
}

interface Header {
  readonly kind: ModelKind;
  readonly params: Record<string, number | string | boolean>;
  readonly itemIds: string[];
  readonly arrays: ArrayEntry[];
}

function dtypeOf(a: TypedArrayData): DType {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  return 'i32';
}

const align8 = (n: number): number => (n + 7) & ~7;

export function encodeArtifact(artifact: ModelArtifact): Buffer {
  const entries: ArrayEntry[] = [];
  let dataBytes = 0;
  for (const [name, array] of Object.entries(artifact.arrays)) {
    entries.push({ name, dtype: dtypeOf(array), byteOffset: dataBytes, length: array.length });
    dataBytes = align8(dataBytes + array.byteLength);
  }
  const header: Header = {
    kind: artifact.kind,
    params: { ...artifact.params },
    itemIds: [...artifact.itemIds],
    arrays: entries,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = align8(12 + headerBytes.length);
  const out = Buffer.alloc(dataStart + dataBytes);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(FORMAT_VERSION, 4);
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, 12);
  for (const entry of entries) {
    const array = artifact.arrays[entry.name]!;
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    out.set(bytes, dataStart + entry.byteOffset);
  }
  return out;
}

function readArray(buf: Uint8Array, start: number, entry: ArrayEntry): TypedArrayData {
  const width = entry.dtype === 'f64' ? 8 : 4;
  const end = start + entry.length * width;
  if (end > buf.length) throw new Error(`model artifact truncated in array ${entry.name}`);
  // Copy into a fresh, aligned buffer: the input may be a pooled or unaligned Buffer.
  const bytes = new Uint8Array(end - start);
  bytes.set(buf.subarray(start, end));
  if (entry.dtype === 'f32') return new Float32Array(bytes.buffer, bytes.byteOffset, entry.length);
  if (entry.dtype === 'f64') return new Float64Array(bytes.buffer, bytes.byteOffset, entry.length);
  return new Int32Array(bytes.buffer, bytes.byteOffset, entry.length);
}

export function decodeArtifact(buf: Uint8Array): ModelArtifact {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.length < 12 || view.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a model artifact');
  const version = view.readUInt32LE(4);
  if (version !== FORMAT_VERSION) throw new Error(`unsupported model artifact format ${version}`);
  const headerLength = view.readUInt32LE(8);
  const header = JSON.parse(view.toString('utf8', 12, 12 + headerLength)) as Header;
  const dataStart = align8(12 + headerLength);
  const arrays: Record<string, TypedArrayData> = {};
  for (const entry of header.arrays) arrays[entry.name] = readArray(view, dataStart + entry.byteOffset, entry);
  return { kind: header.kind, params: header.params, itemIds: header.itemIds, arrays };
}

/** Typed accessors so model loaders fail loudly on a malformed artifact. */
export function requireArray<T extends TypedArrayData>(
  artifact: ModelArtifact,
  name: string,
  type: new (length: number) => T,
): T {
  const array = artifact.arrays[name];
  if (!(array instanceof type)) throw new Error(`${artifact.kind} artifact lacks ${type.name} "${name}"`);
  return array;
}

export function requireNumber(artifact: ModelArtifact, name: string): number {
  const value = artifact.params[name];
  if (typeof value !== 'number') throw new Error(`${artifact.kind} artifact lacks numeric param "${name}"`);
  return value;
}
