/**
 * The WebM muxer (src-renderer/src/export/webm-mux.ts) read back by an EBML reader written here from
 * the Matroska spec: the EBML header with DocType "webm", Info's 1 ms timecode scale and duration,
 * the one video track, a Cluster per key frame (and one every 30 s at most) and its SimpleBlocks.
 */
import { describe, expect, it } from 'vitest';
import { muxWebm, sizeBytes, type MuxFrame } from '../../src-renderer/src/export/webm-mux';

interface Node {
  id: number;
  data: Uint8Array;
  children?: Node[];
}

/** Element IDs that hold elements. */
const MASTERS = new Set([0x1a45dfa3, 0x18538067, 0x1549a966, 0x1654ae6b, 0xae, 0xe0, 0x1f43b675]);

function readVint(b: Uint8Array, at: number, keepMarker: boolean): { value: number; len: number } {
  const len = Math.clz32(b[at]!) - 23;
  let value = keepMarker ? b[at]! : b[at]! & (0xff >> len);
  for (let k = 1; k < len; k++) value = value * 256 + b[at + k]!;
  return { value, len };
}

function parse(b: Uint8Array): Node[] {
  const out: Node[] = [];
  let i = 0;
  while (i < b.length) {
    const id = readVint(b, i, true);
    const size = readVint(b, i + id.len, false);
    const start = i + id.len + size.len;
    const data = b.subarray(start, start + size.value);
    expect(data.length).toBe(size.value);
    out.push(MASTERS.has(id.value) ? { id: id.value, data, children: parse(data) } : { id: id.value, data });
    i = start + size.value;
  }
  return out;
}

const find = (nodes: Node[] | undefined, id: number) => nodes?.find((n) => n.id === id);
const uint = (n: Node | undefined) => n!.data.reduce((v, x) => v * 256 + x, 0);
const text = (n: Node | undefined) => String.fromCharCode(...n!.data);

const frame = (timeMs: number, key: boolean, fill: number): MuxFrame => ({
  data: new Uint8Array(10 + fill).fill(fill),
  timeMs,
  key,
});

describe('WebM muxer', () => {
  it('sizes as EBML vints of the fewest bytes, all-ones avoided', () => {
    expect([...sizeBytes(0)]).toEqual([0x80]);
    expect([...sizeBytes(126)]).toEqual([0xfe]);
    expect([...sizeBytes(127)]).toEqual([0x40, 0x7f]);
    expect([...sizeBytes(16382)]).toEqual([0x7f, 0xfe]);
    expect([...sizeBytes(16383)]).toEqual([0x20, 0x3f, 0xff]);
  });

  it('writes the header, the track, a cluster per key frame and every block at its time', () => {
    const ms = 1000 / 15;
    const frames = [frame(0, true, 1), frame(ms, false, 2), frame(2 * ms, false, 3), frame(3 * ms, true, 4)];
    frames.push(frame(4 * ms, false, 5));
    const file = muxWebm(frames, { codec: 'V_VP9', width: 1280, height: 720, frameMs: ms });
    expect([...file.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    const [ebml, segment, ...rest] = parse(file);
    expect(rest).toEqual([]);
    expect(text(find(ebml!.children, 0x4282))).toBe('webm');
    expect(uint(find(ebml!.children, 0x4287))).toBe(2);
    expect(segment!.id).toBe(0x18538067);
    const info = find(segment!.children, 0x1549a966);
    expect(uint(find(info!.children, 0x2ad7b1))).toBe(1_000_000);
    const duration = find(info!.children, 0x4489)!.data;
    // 5 frames of 1/15 s: 333.33 ms.
    expect(new DataView(duration.buffer, duration.byteOffset, 8).getFloat64(0)).toBeCloseTo(5000 / 15, 9);
    const entry = find(find(segment!.children, 0x1654ae6b)!.children, 0xae);
    expect(text(find(entry!.children, 0x86))).toBe('V_VP9');
    expect(uint(find(entry!.children, 0x83))).toBe(1);
    const video = find(entry!.children, 0xe0);
    expect([uint(find(video!.children, 0xb0)), uint(find(video!.children, 0xba))]).toEqual([1280, 720]);
    const clusters = segment!.children!.filter((n) => n.id === 0x1f43b675);
    expect(clusters.map((c) => uint(find(c.children, 0xe7)))).toEqual([0, 200]);
    const blocks = clusters.map((c) =>
      c
        .children!.filter((n) => n.id === 0xa3)
        .map((n) => ({
          track: n.data[0],
          rel: new DataView(n.data.buffer, n.data.byteOffset + 1, 2).getInt16(0),
          key: (n.data[3]! & 0x80) !== 0,
          payload: [...n.data.subarray(4)],
        })),
    );
    // Times rounded to ms: 0, 67, 133 | 200 + 0, 200 + 67.
    expect(blocks.map((c) => c.map((b) => b.rel))).toEqual([
      [0, 67, 133],
      [0, 67],
    ]);
    expect(blocks.flat().map((b) => b.key)).toEqual([true, false, false, true, false]);
    expect(blocks.flat().every((b) => b.track === 0x81)).toBe(true);
    expect(blocks.flat().map((b) => b.payload)).toEqual(frames.map((f) => [...f.data]));
  });

  it('starts a new cluster before a block would lie 30 s past its cluster (16-bit offsets)', () => {
    const frames = Array.from({ length: 41 }, (_, i) => frame(1000 * i, i === 0, 0));
    const segment = parse(muxWebm(frames, { codec: 'V_VP8', width: 2, height: 2, frameMs: 1000 }))[1]!;
    const clusters = segment.children!.filter((n) => n.id === 0x1f43b675);
    expect(clusters.map((c) => uint(find(c.children, 0xe7)))).toEqual([0, 31_000]);
    expect(clusters.map((c) => c.children!.filter((n) => n.id === 0xa3).length)).toEqual([31, 10]);
  });

  it('refuses a video that does not start with a key frame', () => {
    expect(() => muxWebm([frame(0, false, 0)], { codec: 'V_VP8', width: 2, height: 2, frameMs: 100 })).toThrow(
      /key frame/,
    );
  });
});
