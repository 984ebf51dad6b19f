import { describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { decodeServerMessage, encodeServerMessage, WIRE_BLOBS, WIRE_FRAME } from '../../shared/contract/wire';

const base: Frame = {
  run: 1,
  t: 3,
  lr: 0.1,
  loss: 0.5,
  lossMin: 0.25,
  lossMax: 1,
  examples: 3,
  tau: 0.3,
  diverged: 0,
  positions: Float32Array.from([0.5, -1.25]),
  dims: 2,
};

describe('a frame with optimizer state on the wire', () => {
  it('goes as WIRE_BLOBS and comes back whole, positions as a Float32Array', () => {
    const frame: Frame = {
      ...base,
      state: {
        slots: ['m', 'v'],
        first: [
          [1, 2],
          [3, 4],
        ],
        mean: [
          [0.5, 1],
          [1.5, 2],
        ],
        correction: [2, 4],
      },
    };
    const encoded = encodeServerMessage({ kind: 'frame', frame });
    expect(encoded).toBeInstanceOf(ArrayBuffer);
    expect(new DataView(encoded as ArrayBuffer).getUint32(0, true)).toBe(WIRE_BLOBS);
    const decoded = decodeServerMessage(encoded);
    expect(decoded).toEqual({ kind: 'frame', frame });
    expect((decoded as { frame: Frame }).frame.positions).toBeInstanceOf(Float32Array);
  });

  it('a frame with its head’s gradient goes as WIRE_BLOBS and comes back whole', () => {
    const frame: Frame = { ...base, gradient: [0.25, -3e-7] };
    const encoded = encodeServerMessage({ kind: 'frame', frame }) as ArrayBuffer;
    expect(new DataView(encoded).getUint32(0, true)).toBe(WIRE_BLOBS);
    expect(decodeServerMessage(encoded)).toEqual({ kind: 'frame', frame });
  });

  it('a frame without state keeps the compact WIRE_FRAME layout', () => {
    const encoded = encodeServerMessage({ kind: 'frame', frame: base }) as ArrayBuffer;
    expect(new DataView(encoded).getUint32(0, true)).toBe(WIRE_FRAME);
  });
});
