import { describe, expect, it } from 'vitest';
import type { Frame, Surface } from '../../shared/contract/lab';
import {
  decodeFrame,
  decodeServerMessage,
  encodeFrame,
  encodeServerMessage,
  ClientMessageSchema,
} from '../../shared/contract/wire';

const frame: Frame = {
  run: 2,
  t: 123,
  lr: 0.01,
  loss: 1.5,
  lossMin: 0.25,
  lossMax: 3,
  examples: 1230,
  tau: 1.23,
  diverged: 4,
  positions: Float32Array.from([1, 2, 3, 4, -5.5, 6]),
  dims: 2,
};

describe('wire codec', () => {
  it('round-trips a frame through one ArrayBuffer', () => {
    const buffer = encodeFrame(frame);
    expect(buffer.byteLength).toBe(80 + 6 * 4);
    expect(decodeFrame(buffer)).toEqual(frame);
    expect(decodeServerMessage(buffer)).toEqual({ kind: 'frame', frame });
  });

  it('sends plain replies and states as JSON text', () => {
    const message = { kind: 'reply' as const, id: 3, reply: { ok: false as const, error: 'no' } };
    const encoded = encodeServerMessage(message);
    expect(typeof encoded).toBe('string');
    expect(decodeServerMessage(encoded)).toEqual(message);
  });

  it('carries Float32Arrays inside a reply (a surface) as binary blobs', () => {
    const surface: Surface = {
      resolution: 3,
      domain: [
        [-1, 1],
        [-2, 2],
      ],
      values: Float32Array.from({ length: 9 }, (_, i) => i / 3),
      min: 0,
      max: 8 / 3,
      levels: [0.1, 1],
    };
    const message = { kind: 'reply' as const, id: 9, reply: { ok: true as const, surface } };
    const encoded = encodeServerMessage(message);
    expect(encoded).toBeInstanceOf(ArrayBuffer);
    const decoded = decodeServerMessage(encoded);
    expect(decoded).toEqual(message);
  });

  it('rejects truncated binary messages', () => {
    expect(() => decodeServerMessage(new ArrayBuffer(2))).toThrow();
    expect(() => decodeFrame(encodeFrame(frame).slice(0, 50))).toThrow();
  });

  it('validates client envelopes', () => {
    expect(ClientMessageSchema.safeParse({ id: 1, command: { type: 'play' } }).success).toBe(true);
    expect(ClientMessageSchema.safeParse({ id: -1, command: { type: 'play' } }).success).toBe(false);
    expect(ClientMessageSchema.safeParse({ id: 1, command: { type: 'rm -rf' } }).success).toBe(false);
  });
});
