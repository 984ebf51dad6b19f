/**
 * A small WebM muxer for one video track of encoded frames (VP8 or VP9 from WebCodecs): the EBML
 * header (DocType "webm"), a Segment with its Info (1 ms timecodes, the duration), one TrackEntry
 * and a Cluster per key frame holding SimpleBlocks. Every size is known (the frames are all in
 * memory), so a player reads the duration from Info.
 */

export interface MuxFrame {
  /** The encoded frame's bytes. */
  data: Uint8Array;
  /** Its presentation time in milliseconds from the start. */
  timeMs: number;
  key: boolean;
}

export interface MuxOptions {
  codec: 'V_VP8' | 'V_VP9';
  width: number;
  height: number;
  /** Milliseconds one frame lasts (the last frame's end is the duration). */
  frameMs: number;
}

type Part = Uint8Array;

/** An EBML element ID as its bytes (the ID's own length marker is part of its value). */
function idBytes(id: number): Part {
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return Uint8Array.from(out);
}

/** A size as an EBML variable-length integer of the fewest bytes (all-ones is reserved: unknown). */
export function sizeBytes(size: number): Part {
  let len = 1;
  while (size >= 2 ** (7 * len) - 1) len++;
  if (len > 8) throw new Error('an element too large for WebM');
  const out = new Uint8Array(len);
  let v = size;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0]! |= 0x80 >> (len - 1);
  return out;
}

function concat(parts: readonly Part[]): Part {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An element: its ID, its size, its body. */
function el(id: number, ...body: Part[]): Part {
  const data = concat(body);
  return concat([idBytes(id), sizeBytes(data.length), data]);
}

/** An unsigned integer element (big-endian, fewest bytes, at least one). */
function uint(id: number, value: number): Part {
  const out: number[] = [];
  for (let v = value; v > 0 || out.length === 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return el(id, Uint8Array.from(out));
}

function float64(id: number, value: number): Part {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  return el(id, out);
}

const ascii = (id: number, text: string) =>
  el(
    id,
    Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f),
  );

/** A SimpleBlock of track 1 at `rel` ms from its cluster's timecode. */
function simpleBlock(frame: MuxFrame, rel: number): Part {
  const head = new Uint8Array(4);
  head[0] = 0x81; // track number 1 as a 1-byte vint
  new DataView(head.buffer).setInt16(1, rel);
  head[3] = frame.key ? 0x80 : 0;
  return el(0xa3, head, frame.data);
}

/** Longest a cluster may run (a SimpleBlock's time is a signed 16-bit offset from it). */
const CLUSTER_MAX_MS = 30_000;

/** The WebM file of `frames` (in order, the first a key frame). */
export function muxWebm(frames: readonly MuxFrame[], o: MuxOptions): Uint8Array {
  if (frames.length > 0 && !frames[0]!.key) throw new Error('a video must start with a key frame');
  const header = el(
    0x1a45dfa3,
    uint(0x4286, 1), // EBMLVersion
    uint(0x42f7, 1), // EBMLReadVersion
    uint(0x42f2, 4), // EBMLMaxIDLength
    uint(0x42f3, 8), // EBMLMaxSizeLength
    ascii(0x4282, 'webm'), // DocType
    uint(0x4287, 2), // DocTypeVersion
    uint(0x4285, 2), // DocTypeReadVersion
  );
  const last = frames[frames.length - 1];
  const info = el(
    0x1549a966,
    uint(0x2ad7b1, 1_000_000), // TimecodeScale: 1 ms
    ascii(0x4d80, 'sgd-lab'), // MuxingApp
    ascii(0x5741, 'sgd-lab'), // WritingApp
    float64(0x4489, last ? last.timeMs + o.frameMs : 0), // Duration (ms)
  );
  const tracks = el(
    0x1654ae6b,
    el(
      0xae, // TrackEntry
      uint(0xd7, 1), // TrackNumber
      uint(0x73c5, 1), // TrackUID
      uint(0x83, 1), // TrackType: video
      uint(0x9c, 0), // FlagLacing
      ascii(0x86, o.codec), // CodecID
      uint(0x23e383, Math.round(o.frameMs * 1e6)), // DefaultDuration (ns)
      el(0xe0, uint(0xb0, o.width), uint(0xba, o.height)), // Video: PixelWidth, PixelHeight
    ),
  );
  const clusters: Part[] = [];
  let blocks: Part[] = [];
  let start = 0;
  const close = () => {
    if (blocks.length > 0) clusters.push(el(0x1f43b675, uint(0xe7, start), ...blocks));
    blocks = [];
  };
  for (const frame of frames) {
    const t = Math.round(frame.timeMs);
    if (blocks.length === 0 || frame.key || t - start > CLUSTER_MAX_MS) {
      close();
      start = t;
    }
    blocks.push(simpleBlock(frame, t - start));
  }
  close();
  return concat([header, el(0x18538067, info, tracks, ...clusters)]);
}
