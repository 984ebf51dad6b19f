/**
 * The browser transport's wire format (WebSocket at `/ws`).
 *
 * - Client → server: one JSON text message per command, `{"id": 7, "command": {...}}` (`ClientMessage`).
 * - Server → client, JSON text: `{"kind": "reply", "id": 7, "reply": {...}}` and `{"kind": "state", "state": {...}}`.
 * - Server → client, binary (one ArrayBuffer), little-endian, the first u32 says which:
 *   - `WIRE_FRAME` (1): a `Frame`: `[u32 kind][u32 dims][f64 × 9: run, t, lr, loss, lossMin, lossMax,
 *     examples, tau, diverged][f32 positions…]` (an 80-byte header, then the positions row-major).
 *   - `WIRE_BLOBS` (2): any other server message that carries `Float32Array`s (a reply with a `Surface`
 *     or a `LabPlane`, a frame with its optimizer state, its head's gradient or a network's measures):
 *     `[u32 kind][u32 jsonBytes][u32 blobCount][u32 length × blobCount][json utf-8][pad to 4][f32 blobs…]`,
 *     where each Float32Array in the JSON is replaced by `{"$f32": k}`. A frame's `model` measures
 *     that are not finite (NaN: no test rows, a regression's accuracy) travel as JSON's `null` and come
 *     back as NaN.
 *
 * Pure code: no Node, no DOM (TextEncoder/TextDecoder are web-standard globals everywhere it runs).
 */
import { z } from 'zod';
import { CommandSchema, type Frame, type LabState, type Reply } from './lab';
import type { ModelMeasures } from './network';

declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };
declare const TextDecoder: { new (): { decode(bytes: Uint8Array): string } };

export const WIRE_FRAME = 1;
export const WIRE_BLOBS = 2;
/** Bytes before a frame's positions. */
export const FRAME_HEADER_BYTES = 80;

/** What a client sends: a command with its request id (the reply carries the same id). */
export const ClientMessageSchema = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  command: CommandSchema,
});
export type ClientMessage = z.input<typeof ClientMessageSchema>;

/** What the server sends. `id` is null for a reply to a message too broken to carry an id. */
export type ServerMessage =
  | { kind: 'reply'; id: number | null; reply: Reply }
  | { kind: 'state'; state: LabState }
  | { kind: 'frame'; frame: Frame };

const FRAME_FIELDS = ['run', 't', 'lr', 'loss', 'lossMin', 'lossMax', 'examples', 'tau', 'diverged'] as const;

/** One frame → one ArrayBuffer (positions copied once). */
export function encodeFrame(frame: Frame): ArrayBuffer {
  const buffer = new ArrayBuffer(FRAME_HEADER_BYTES + frame.positions.length * 4);
  const head = new DataView(buffer);
  head.setUint32(0, WIRE_FRAME, true);
  head.setUint32(4, frame.dims, true);
  FRAME_FIELDS.forEach((field, i) => head.setFloat64(8 + 8 * i, frame[field], true));
  new Float32Array(buffer, FRAME_HEADER_BYTES).set(frame.positions);
  return buffer;
}

/** The inverse of `encodeFrame`; the positions are a view on `buffer` (no copy). */
export function decodeFrame(buffer: ArrayBuffer): Frame {
  if (buffer.byteLength < FRAME_HEADER_BYTES || (buffer.byteLength - FRAME_HEADER_BYTES) % 4 !== 0)
    throw new Error('malformed frame');
  const head = new DataView(buffer);
  if (head.getUint32(0, true) !== WIRE_FRAME) throw new Error('not a frame');
  const values = FRAME_FIELDS.map((_, i) => head.getFloat64(8 + 8 * i, true));
  const frame = { dims: head.getUint32(4, true), positions: new Float32Array(buffer, FRAME_HEADER_BYTES) } as Frame;
  FRAME_FIELDS.forEach((field, i) => (frame[field] = values[i] as number));
  return frame;
}

/** JSON text when the message holds no Float32Array, else a `WIRE_BLOBS` buffer; frames always binary. */
export function encodeServerMessage(message: ServerMessage): string | ArrayBuffer {
  // A frame with optimizer state or a gradient goes as WIRE_BLOBS (those as JSON, its positions as a blob).
  const { kind } = message;
  if (kind === 'frame' && !message.frame.state && !message.frame.gradient && !message.frame.model)
    return encodeFrame(message.frame);
  const blobs: Float32Array[] = [];
  const json = JSON.stringify(withBlobRefs(message, blobs));
  if (blobs.length === 0) return json;
  const text = new TextEncoder().encode(json);
  const tableBytes = 12 + 4 * blobs.length;
  const dataStart = align4(tableBytes + text.length);
  const total = dataStart + 4 * blobs.reduce((sum, b) => sum + b.length, 0);
  const buffer = new ArrayBuffer(total);
  const view = new DataView(buffer);
  view.setUint32(0, WIRE_BLOBS, true);
  view.setUint32(4, text.length, true);
  view.setUint32(8, blobs.length, true);
  blobs.forEach((b, i) => view.setUint32(12 + 4 * i, b.length, true));
  new Uint8Array(buffer, tableBytes, text.length).set(text);
  let offset = dataStart;
  for (const b of blobs) {
    new Float32Array(buffer, offset, b.length).set(b);
    offset += 4 * b.length;
  }
  return buffer;
}

/** Decodes what `encodeServerMessage` produced; throws on anything malformed. */
export function decodeServerMessage(data: string | ArrayBuffer): ServerMessage {
  if (typeof data === 'string') return JSON.parse(data) as ServerMessage;
  const view = new DataView(data);
  if (data.byteLength < 4) throw new Error('malformed message');
  const kind = view.getUint32(0, true);
  if (kind === WIRE_FRAME) return { kind: 'frame', frame: decodeFrame(data) };
  if (kind !== WIRE_BLOBS || data.byteLength < 12) throw new Error('malformed message');
  const textBytes = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  const tableBytes = 12 + 4 * count;
  if (tableBytes + textBytes > data.byteLength) throw new Error('malformed message');
  const lengths = Array.from({ length: count }, (_, i) => view.getUint32(12 + 4 * i, true));
  const blobs: Float32Array[] = [];
  let offset = align4(tableBytes + textBytes);
  for (const length of lengths) {
    if (offset + 4 * length > data.byteLength) throw new Error('malformed message');
    blobs.push(new Float32Array(data, offset, length));
    offset += 4 * length;
  }
  const json = new TextDecoder().decode(new Uint8Array(data, tableBytes, textBytes));
  const message = revivedBlobs(JSON.parse(json), blobs) as ServerMessage;
  if (message.kind === 'frame' && message.frame.model) reviveNaN(message.frame.model);
  return message;
}

/** A network's measures as JSON carried them: `null` (a NaN on the way in) back to NaN. */
function reviveNaN(model: ModelMeasures): void {
  const fields = model as unknown as Record<string, number | null>;
  for (const key of Object.keys(fields)) if (fields[key] === null) fields[key] = NaN;
}

/**
 * `value` with each Float32Array in it replaced by `{"$f32": k}` (k: its place in `blobs`, where it is
 * put), copying only the objects and arrays on the way to one. A walk, not a JSON.stringify replacer:
 * a replacer is called back for every number of a long path, which costs more than the text itself.
 */
function withBlobRefs(value: unknown, blobs: Float32Array[]): unknown {
  if (value instanceof Float32Array) {
    blobs.push(value);
    return { $f32: blobs.length - 1 };
  }
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const replaced = withBlobRefs(item, blobs);
      if (replaced !== item) (copy ??= value.slice())[i] = replaced;
    }
    return copy ?? value;
  }
  const fields = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(fields)) {
    const item = fields[key];
    if (typeof item !== 'object' || item === null) continue;
    const replaced = withBlobRefs(item, blobs);
    if (replaced !== item) (copy ??= { ...fields })[key] = replaced;
  }
  return copy ?? value;
}

/** Parsed JSON with each `{"$f32": k}` replaced by blob k, in place (a walk, not a JSON.parse reviver). */
function revivedBlobs(value: unknown, blobs: Float32Array[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isBlobRef(value)) {
    const blob = blobs[value.$f32];
    if (!blob) throw new Error('malformed message');
    return blob;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) value[i] = revivedBlobs(item, blobs);
    }
    return value;
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const item = fields[key];
    if (typeof item === 'object' && item !== null)
      Object.defineProperty(fields, key, { value: revivedBlobs(item, blobs) });
  }
  return value;
}

function isBlobRef(value: unknown): value is { $f32: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as { $f32?: unknown }).$f32 === 'number'
  );
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
