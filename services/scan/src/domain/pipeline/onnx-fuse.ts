/**
 * Load-time graph simplification for the PP-OCR (PaddlePaddle -> ONNX opset 9) models.
 *
 * paddle2onnx exports every hardswish as Add/Clip/Mul/Div and every PP-LCNetV3 "learnable affine
 * block" as a scalar Mul + Add, none of which ONNX Runtime fuses. On CPU these elementwise ops cost
 * about half of the recogniser's time. This rewrite is exact (up to float rounding):
 *  - Conv -> Mul(scalar) -> Add(scalar)            => Conv with scaled weights and bias
 *  - Add(3) -> Clip(0, 6) -> Mul(x) -> Div(6)        => HardSigmoid(1/6, 0.5) -> Mul(x)
 *  - Mul(scalar) -> Add(scalar) -> Conv 1x1, no pad => Conv with folded weights and bias
 * Only a minimal protobuf reader/writer is used; every field not touched is copied byte for byte.
 */

interface Field {
  readonly f: number;
  readonly w: number;
  /** varint value (wire type 0) */
  readonly n: bigint;
  /** payload (wire types 1, 2, 5) */
  readonly v: Uint8Array;
  /** the whole encoded field */
  readonly raw: Uint8Array;
}

function readFields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let r = 0n;
    let s = 0n;
    for (;;) {
      const x = b[i++] ?? 0;
      r |= BigInt(x & 0x7f) << s;
      s += 7n;
      if ((x & 0x80) === 0) return r;
    }
  };
  while (i < b.length) {
    const start = i;
    const key = Number(varint());
    const f = key >>> 3;
    const w = key & 7;
    let n = 0n;
    let v: Uint8Array = new Uint8Array(0);
    if (w === 0) n = varint();
    else if (w === 2) {
      const len = Number(varint());
      v = b.subarray(i, i + len);
      i += len;
    } else if (w === 5 || w === 1) {
      const len = w === 5 ? 4 : 8;
      v = b.subarray(i, i + len);
      i += len;
    } else throw new Error(`unsupported protobuf wire type ${w}`);
    out.push({ f, w, n, v, raw: b.subarray(start, i) });
  }
  return out;
}

function varintBytes(x: number): number[] {
  const out: number[] = [];
  let v = x;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function lenField(f: number, payload: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varintBytes((f << 3) | 2), ...varintBytes(payload.length)]), payload]);
}

function varintField(f: number, value: number): Uint8Array {
  return Uint8Array.from([...varintBytes(f << 3), ...varintBytes(value)]);
}

function floatField(f: number, value: number): Uint8Array {
  const b = new Uint8Array(5);
  b[0] = (f << 3) | 5;
  new DataView(b.buffer).setFloat32(1, value, true);
  return b;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();
const str = (f: number, s: string): Uint8Array => lenField(f, utf8.encode(s));

interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** encoded fields other than inputs, outputs and op_type (name, attributes, domain) */
  rest: Uint8Array[];
  /** float tensor of a Constant node */
  tensor?: { dims: number[]; data: Float32Array };
  /** encoded attributes by name */
  attrs: Map<string, Field[]>;
}

function parseTensor(b: Uint8Array): { dims: number[]; data: Float32Array } | undefined {
  const fs = readFields(b);
  const dims: number[] = [];
  let type = 0;
  let data: Float32Array | undefined;
  let raw: Uint8Array | undefined;
  const floats: number[] = [];
  for (const x of fs) {
    if (x.f === 1 && x.w === 0) dims.push(Number(x.n));
    else if (x.f === 1 && x.w === 2) for (const d of readFields(packedAsFields(x.v))) dims.push(Number(d.n));
    else if (x.f === 2) type = Number(x.n);
    else if (x.f === 9) raw = x.v;
    else if (x.f === 4 && x.w === 5) floats.push(new DataView(x.v.buffer, x.v.byteOffset, 4).getFloat32(0, true));
    else if (x.f === 4 && x.w === 2) raw = x.v;
  }
  if (type !== 1) return undefined;
  // Copy: the payload may sit at any byte offset (and a Buffer's slice() does not copy).
  if (raw) data = new Float32Array(Uint8Array.from(raw).buffer);
  return { dims, data: data ?? Float32Array.from(floats) };
}

/** Packed varints re-keyed as field 1 varints so readFields can decode them. */
function packedAsFields(v: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < v.length) {
    out.push(8);
    for (;;) {
      const x = v[i++] ?? 0;
      out.push(x);
      if ((x & 0x80) === 0) break;
    }
  }
  return Uint8Array.from(out);
}

function encodeTensor(name: string, dims: readonly number[], data: Float32Array): Uint8Array {
  return concat([
    ...dims.map((d) => varintField(1, d)),
    varintField(2, 1),
    str(8, name),
    lenField(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  ]);
}

function parseNode(b: Uint8Array): OnnxNode {
  const node: OnnxNode = { op: '', inputs: [], outputs: [], rest: [], attrs: new Map() };
  for (const x of readFields(b)) {
    if (x.f === 1) node.inputs.push(text.decode(x.v));
    else if (x.f === 2) node.outputs.push(text.decode(x.v));
    else if (x.f === 4) node.op = text.decode(x.v);
    else {
      node.rest.push(x.raw);
      if (x.f === 5) {
        const af = readFields(x.v);
        const name = text.decode(af.find((a) => a.f === 1)?.v ?? new Uint8Array());
        node.attrs.set(name, af);
      }
    }
  }
  if (node.op === 'Constant') {
    const t = node.attrs.get('value')?.find((a) => a.f === 5);
    if (t) {
      const parsed = parseTensor(t.v);
      if (parsed) node.tensor = parsed;
    }
  }
  return node;
}

function encodeNode(n: OnnxNode): Uint8Array {
  return concat([...n.inputs.map((s) => str(1, s)), ...n.outputs.map((s) => str(2, s)), str(4, n.op), ...n.rest]);
}

function constantNode(name: string, dims: readonly number[], data: Float32Array): OnnxNode {
  if (data.length !== dims.reduce((p, d) => p * d, 1)) throw new Error(`bad constant ${name}`);
  const attr = concat([str(1, 'value'), lenField(5, encodeTensor(name, dims, data)), varintField(20, 4)]);
  return { op: 'Constant', inputs: [], outputs: [name], rest: [lenField(5, attr)], attrs: new Map(), tensor: { dims: [...dims], data } };
}

function attrInts(n: OnnxNode, name: string): number[] {
  const a = n.attrs.get(name);
  if (!a) return [];
  const out: number[] = [];
  for (const x of a) {
    if (x.f === 8 && x.w === 0) out.push(Number(x.n));
    else if (x.f === 8 && x.w === 2) for (const d of readFields(packedAsFields(x.v))) out.push(Number(d.n));
  }
  return out;
}

function attrFloat(n: OnnxNode, name: string): number | undefined {
  const x = n.attrs.get(name)?.find((a) => a.f === 2);
  return x ? new DataView(x.v.buffer, x.v.byteOffset, 4).getFloat32(0, true) : undefined;
}

export interface FuseStats {
  readonly convAffine: number;
  readonly hardSwish: number;
  readonly affineConv: number;
}

/** Rewrites an opset-9 PP-OCR ONNX model; returns the new bytes (unchanged input when nothing matched). */
export function fuseOnnxModel(input: Uint8Array): { bytes: Uint8Array; stats: FuseStats } {
  const model = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const top = readFields(model);
  const graphField = top.find((x) => x.f === 7);
  if (!graphField) return { bytes: model, stats: { convAffine: 0, hardSwish: 0, affineConv: 0 } };
  const gfs = readFields(graphField.v);
  const nodes: (OnnxNode | null)[] = gfs.filter((x) => x.f === 1).map((x) => parseNode(x.v));
  const graphOutputs = new Set(
    gfs.filter((x) => x.f === 12).map((x) => text.decode(readFields(x.v).find((y) => y.f === 1)?.v ?? new Uint8Array())),
  );
  const producer = new Map<string, number>();
  const consumers = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const o of n?.outputs ?? []) producer.set(o, i);
    for (const inp of n?.inputs ?? []) consumers.set(inp, (consumers.get(inp) ?? 0) + 1);
  });
  const fresh = new Map<string, { dims: number[]; data: Float32Array }>();
  const constOf = (name: string): { dims: number[]; data: Float32Array } | undefined => {
    const made = fresh.get(name);
    if (made) return made;
    const i = producer.get(name);
    return i === undefined ? undefined : nodes[i]?.tensor;
  };
  const scalar = (name: string): number | undefined => {
    const t = constOf(name);
    return t && t.data.length === 1 ? t.data[0] : undefined;
  };
  const single = (name: string): boolean => consumers.get(name) === 1 && !graphOutputs.has(name);
  const consumerOf = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const inp of n?.inputs ?? []) consumerOf.set(inp, i);
  });
  /** The node consuming `name` when it is the only consumer. */
  const next = (name: string): { i: number; n: OnnxNode } | undefined => {
    if (!single(name)) return undefined;
    const i = consumerOf.get(name);
    const n = i === undefined ? undefined : nodes[i];
    return i !== undefined && n ? { i, n } : undefined;
  };
  /** Scalar Mul followed by scalar Add, starting at node index `i`; returns s, c and the Add. */
  const affineAt = (mulIdx: number, input: string): { s: number; c: number; addIdx: number; out: string } | undefined => {
    const mul = nodes[mulIdx];
    if (mul?.op !== 'Mul' || mul.inputs.length !== 2) return undefined;
    const other = mul.inputs[0] === input ? mul.inputs[1] : mul.inputs[0];
    const s = other === undefined ? undefined : scalar(other);
    const mo = mul.outputs[0];
    if (s === undefined || mo === undefined) return undefined;
    const add = next(mo);
    if (add?.n.op !== 'Add') return undefined;
    const ao = add.n.outputs[0];
    const otherAdd = add.n.inputs[0] === mo ? add.n.inputs[1] : add.n.inputs[0];
    const c = otherAdd === undefined ? undefined : scalar(otherAdd);
    if (c === undefined || ao === undefined) return undefined;
    return { s, c, addIdx: add.i, out: ao };
  };
  const added: OnnxNode[] = [];
  let uid = 0;
  const stats = { convAffine: 0, hardSwish: 0, affineConv: 0 };

  // 1. Conv -> scalar affine.
  nodes.forEach((conv) => {
    if (conv?.op !== 'Conv') return;
    const co = conv.outputs[0];
    const w = conv.inputs[1] === undefined ? undefined : constOf(conv.inputs[1]);
    if (co === undefined || !w) return;
    const m = next(co);
    if (!m) return;
    const aff = affineAt(m.i, co);
    if (!aff) return;
    const outC = w.dims[0] ?? 0;
    const nw = Float32Array.from(w.data, (x) => x * aff.s);
    const b = conv.inputs[2] === undefined ? undefined : constOf(conv.inputs[2]);
    const nb = new Float32Array(outC);
    for (let o = 0; o < outC; o++) nb[o] = (b?.data[o] ?? 0) * aff.s + aff.c;
    const wn = `fused_w_${uid}`;
    const bn = `fused_b_${uid++}`;
    added.push(constantNode(wn, w.dims, nw), constantNode(bn, [outC], nb));
    fresh.set(wn, { dims: w.dims, data: nw });
    fresh.set(bn, { dims: [outC], data: nb });
    conv.inputs = [conv.inputs[0] ?? '', wn, bn];
    conv.outputs = [aff.out];
    nodes[m.i] = null;
    nodes[aff.addIdx] = null;
    stats.convAffine++;
  });

  // 2. hardswish.
  nodes.forEach((add, ai) => {
    if (add?.op !== 'Add') return;
    const [a, b] = add.inputs;
    if (a === undefined || b === undefined) return;
    const x = scalar(b) === 3 ? a : scalar(a) === 3 ? b : undefined;
    const ao = add.outputs[0];
    if (x === undefined || ao === undefined) return;
    const clip = next(ao);
    if (clip?.n.op !== 'Clip') return;
    // opset < 11 keeps the bounds in attributes, later opsets in inputs.
    const lo = attrFloat(clip.n, 'min') ?? scalar(clip.n.inputs[1] ?? '');
    const hi = attrFloat(clip.n, 'max') ?? scalar(clip.n.inputs[2] ?? '');
    if (lo !== 0 || hi !== 6) return;
    const clo = clip.n.outputs[0];
    if (clo === undefined || !single(clo)) return;
    const mi = consumerOf.get(clo);
    const mul = mi === undefined ? undefined : nodes[mi];
    if (mi === undefined || mul?.op !== 'Mul' || !mul.inputs.includes(x)) return;
    const mo = mul.outputs[0];
    const div = mo === undefined ? undefined : next(mo);
    if (div?.n.op !== 'Div' || div.n.inputs[0] !== mo || scalar(div.n.inputs[1] ?? '') !== 6) return;
    const hs = `fused_hs_${uid++}`;
    const attrs = [
      lenField(5, concat([str(1, 'alpha'), floatField(2, 1 / 6), varintField(20, 1)])),
      lenField(5, concat([str(1, 'beta'), floatField(2, 0.5), varintField(20, 1)])),
    ];
    nodes[ai] = { op: 'HardSigmoid', inputs: [x], outputs: [hs], rest: attrs, attrs: new Map() };
    nodes[clip.i] = null;
    nodes[mi] = { op: 'Mul', inputs: [x, hs], outputs: div.n.outputs, rest: [], attrs: new Map() };
    nodes[div.i] = null;
    stats.hardSwish++;
  });

  // 3. scalar affine -> 1x1 Conv without padding.
  nodes.forEach((mul, mi) => {
    if (mul?.op !== 'Mul' || mul.inputs.length !== 2) return;
    const input = mul.inputs.find((n) => scalar(n) === undefined);
    if (input === undefined) return;
    const aff = affineAt(mi, input);
    if (!aff) return;
    const conv = next(aff.out);
    if (conv?.n.op !== 'Conv' || conv.n.inputs[0] !== aff.out) return;
    const w = constOf(conv.n.inputs[1] ?? '');
    const kernel = attrInts(conv.n, 'kernel_shape');
    const pads = attrInts(conv.n, 'pads');
    const group = conv.n.attrs.get('group')?.find((a) => a.f === 3);
    if (!w || w.dims.length !== 4 || (w.dims[2] ?? 0) !== 1 || (w.dims[3] ?? 0) !== 1) return;
    if (kernel.some((k) => k !== 1) || pads.some((p) => p !== 0) || (group && group.n !== 1n)) return;
    const outC = w.dims[0] ?? 0;
    const per = w.data.length / outC;
    const b = conv.n.inputs[2] === undefined ? undefined : constOf(conv.n.inputs[2]);
    const nw = Float32Array.from(w.data, (x) => x * aff.s);
    const nb = new Float32Array(outC);
    for (let o = 0; o < outC; o++) {
      let sum = 0;
      for (let k = 0; k < per; k++) sum += w.data[o * per + k] ?? 0;
      nb[o] = (b?.data[o] ?? 0) + aff.c * sum;
    }
    const wn = `fused_w_${uid}`;
    const bn = `fused_b_${uid++}`;
    added.push(constantNode(wn, w.dims, nw), constantNode(bn, [outC], nb));
    conv.n.inputs = [input, wn, bn];
    nodes[mi] = null;
    nodes[aff.addIdx] = null;
    stats.affineConv++;
  });

  const live = [...added, ...nodes.filter((n): n is OnnxNode => n !== null)];
  // Drop the constants the rewrite left without a consumer.
  const used = new Set<string>([...graphOutputs, ...live.flatMap((n) => n.inputs)]);
  const kept = live.filter((n) => n.op !== 'Constant' || n.outputs.some((o) => used.has(o)));
  const graph = concat([...kept.map((n) => lenField(1, encodeNode(n))), ...gfs.filter((x) => x.f !== 1).map((x) => x.raw)]);
  const bytes = concat(top.map((x) => (x.f === 7 ? lenField(7, graph) : x.raw)));
  return { bytes, stats };
}
