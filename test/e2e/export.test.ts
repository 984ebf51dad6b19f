/**
 * Exports in a real browser, one click each, from a replay of a recording made by `sgd-lab run`:
 * trace.csv has a row per run and recorded step with the command line's columns first; the PNG is the
 * whole figure at the chosen size; the GIF decodes with one frame per recorded step; the WebM starts
 * with the WebM magic bytes, lasts about frames ÷ fps, its first and last frames differ, and its first
 * frame (composed in the encoder's worker from the 3-D view read back) is the PNG's figure at that step
 * (composed on the page from the view's canvas), the view the right way up.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM, RESULTS, readHook } from './helpers';
import { openFile, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';
import { makeRecording, type MadeRecording } from './recording-fixture';
import { TITLE_HEIGHT, chartHeight } from '../../src-renderer/src/export/figure-layout';

let made: MadeRecording;

beforeAll(() => {
  // 400 steps recorded every 25: 17 recorded steps (17 frames to draw, on a shared machine's software GL).
  made = makeRecording(25);
});

const lab = useLab({
  acceptDownloads: true,
  setup: async ({ page }) => {
    await openFile(page, 'recording.json', made.text);
    await page.getByRole('slider', { name: 'Timeline' }).waitFor({ timeout: 30_000 });
    await waitForSurface(page);
  },
});

/** Clicks the Export toolbar's `name` and returns the download's bytes. */
async function exportBytes(name: string, timeout = 120_000): Promise<{ file: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    lab.page.waitForEvent('download', { timeout }),
    lab.page.getByRole('toolbar', { name: 'Export' }).getByRole('button', { name, exact: true }).click(),
  ]);
  return { file: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** The frames of a GIF: walks its blocks (header, screen, color tables, extensions, images). */
export function gifFrames(b: Buffer): { width: number; height: number; frames: number } {
  if (b.subarray(0, 6).toString('latin1') !== 'GIF89a') throw new Error('not a GIF89a');
  const width = b.readUInt16LE(6);
  const height = b.readUInt16LE(8);
  let i = 13 + (b[10]! & 0x80 ? 3 * 2 ** ((b[10]! & 7) + 1) : 0);
  const skipSubBlocks = () => {
    while (b[i] !== 0) i += b[i]! + 1;
    i++;
  };
  let frames = 0;
  for (;;) {
    const kind = b[i++];
    if (kind === 0x3b) return { width, height, frames };
    if (kind === 0x21) {
      i++;
      skipSubBlocks();
    } else if (kind === 0x2c) {
      const packed = b[i + 8]!;
      i += 9 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
      i++; // LZW minimum code size
      skipSubBlocks();
      frames++;
    } else throw new Error(`bad GIF block 0x${kind?.toString(16)} at ${i - 1}`);
  }
}

/** The times (ms) of a WebM's frames (SimpleBlocks and Blocks): EBML walked through Segment, Clusters, BlockGroups. */
export function webmBlockTimes(b: Buffer): number[] {
  const vint = (at: number, keepMarker: boolean) => {
    const first = b[at]!;
    let len = 1;
    while (len <= 8 && !(first & (0x80 >> (len - 1)))) len++;
    let value = keepMarker ? first : first & (0xff >> len);
    let allOnes = value === 0xff >> len;
    for (let k = 1; k < len; k++) {
      value = value * 256 + b[at + k]!;
      allOnes &&= b[at + k] === 0xff;
    }
    return { value, len, unknown: !keepMarker && allOnes };
  };
  const MASTERS = new Set([0x18538067, 0x1f43b675, 0xa0]);
  const times: number[] = [];
  let cluster = 0;
  let i = 0;
  while (i < b.length) {
    const id = vint(i, true);
    const size = vint(i + id.len, false);
    const data = i + id.len + size.len;
    if (MASTERS.has(id.value)) {
      i = data;
      continue;
    }
    if (id.value === 0xe7) cluster = b.readUIntBE(data, size.value);
    if (id.value === 0xa3 || id.value === 0xa1) {
      const track = vint(data, false);
      times.push(cluster + b.readInt16BE(data + track.len));
    }
    if (size.unknown) break;
    i = data + size.value;
  }
  return times;
}

describe('exports', () => {
  it('CSV: a row per run and recorded step, the command line columns first, then the ensemble', async () => {
    const { file, bytes } = await exportBytes('CSV');
    expect(file).toBe('trace.csv');
    const rows = bytes.toString('utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('run,t,lr,loss,examples,tau,particles,live,mean_x,mean_y,sd_x,sd_y');
    expect(rows).toHaveLength(1 + 2 * 17);
    for (const row of rows) expect(row.split(',')).toHaveLength(12);
    const cli = made.trace.trimEnd().split('\n');
    expect(rows.map((r) => r.split(',').slice(0, 6).join(','))).toEqual(cli);
    // Adam's 30 recorded particles, all live; its last row is the final cloud.
    const adamLast = rows[rows.length - 1]!.split(',');
    expect(adamLast.slice(6, 8)).toEqual(['30', '30']);
    expect(Number(adamLast[10])).toBeGreaterThan(0);
  });

  it('PNG: the whole figure at the chosen size', async () => {
    await lab.page.getByRole('combobox', { name: 'Export size' }).selectOption({ label: '960 × 540' });
    const { file, bytes } = await exportBytes('PNG');
    expect(file).toBe('sgd-lab.png');
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([960, 540]);
  });

  it('GIF: decodes with one frame per recorded step', async () => {
    await lab.page.getByRole('combobox', { name: 'Frames per second' }).selectOption('10');
    const { file, bytes } = await exportBytes('GIF');
    expect(file).toBe('sgd-lab.gif');
    expect(gifFrames(bytes)).toEqual({ width: 960, height: 540, frames: 17 });
    await lab.page.getByText(/sgd-lab\.gif: .* in \d+\.\d s/).waitFor();
    // The replay is put back where it was.
    expect((await readHook(lab.page)).lastT).toEqual([0, 0]);
  });

  it('WebM: the magic bytes, a frame per recorded step over at least frames ÷ fps, frames that differ', async () => {
    await lab.page.getByRole('combobox', { name: 'Frames per second' }).selectOption('15');
    const began = Date.now();
    const { file, bytes } = await exportBytes('WebM');
    const took = (Date.now() - began) / 1000;
    expect(file).toBe('sgd-lab.webm');
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    writeFileSync(resolve(RESULTS, 'export.webm'), bytes);
    // One frame per recorded step (the encoder may drop one), each held at least 1/15 s: at least
    // 17/15 s, at most as long as the export took.
    const times = webmBlockTimes(bytes);
    expect(times.length).toBeGreaterThanOrEqual(16);
    const duration = (times[times.length - 1]! - times[0]!) / 1000;
    expect(duration).toBeGreaterThan(15 / 15 - 0.1);
    expect(duration).toBeLessThan(took + 0.5);
    // The replay is back at t = 0: the PNG (composed on the page from the view's canvas) is the
    // figure the video's first frame shows (composed in the encoder's worker from the view read back).
    const png = await exportBytes('PNG');
    // Decoded in a blank page of a plain Chromium (software GL draws a video black): the first and
    // the last frame differ; the first is the PNG's figure, and its 3-D view is the right way up.
    const plain = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const blank = await plain.newPage();
    try {
      // A string: the page's DOM types are not the test's.
      const diff: { changed: number; width: number; height: number; same: number; flipped: number } =
        await blank.evaluate(`(async () => {
        const data = Uint8Array.from(atob('${bytes.toString('base64')}'), (c) => c.charCodeAt(0));
        const video = document.createElement('video');
        video.muted = true;
        video.src = URL.createObjectURL(new Blob([data], { type: 'video/webm' }));
        await new Promise((resolve, reject) => {
          video.onloadeddata = resolve;
          video.onerror = () => reject(new Error('the video did not load'));
        });
        const grab = async (t) => {
          video.currentTime = t;
          await new Promise((resolve) => (video.onseeked = resolve));
          const c = document.createElement('canvas');
          c.width = 160;
          c.height = 90;
          const ctx = c.getContext('2d');
          ctx.drawImage(video, 0, 0, 160, 90);
          return ctx.getImageData(0, 0, 160, 90).data;
        };
        const first = await grab(0);
        const last = await grab(${duration} - 0.05);
        let changed = 0;
        for (let i = 0; i < first.length; i += 4)
          if (Math.abs(first[i] - last[i]) + Math.abs(first[i + 1] - last[i + 1]) > 40) changed++;
        const image = new Image();
        image.src = 'data:image/png;base64,${png.bytes.toString('base64')}';
        await image.decode();
        const c = document.createElement('canvas');
        c.width = 160;
        c.height = 90;
        const ctx = c.getContext('2d');
        ctx.drawImage(image, 0, 0, 160, 90);
        const still = ctx.getImageData(0, 0, 160, 90).data;
        // Mean |difference| per channel over the band between the title and the charts (the 3-D
        // view's), as drawn and with the PNG's band upside down.
        const [top, bottom] = [${Math.ceil((TITLE_HEIGHT * 90) / 540)}, ${Math.floor(((540 - chartHeight(540)) * 90) / 540)}];
        let same = 0;
        let flipped = 0;
        for (let y = top; y < bottom; y++)
          for (let x = 0; x < 160; x++)
            for (let k = 0; k < 3; k++) {
              same += Math.abs(first[(y * 160 + x) * 4 + k] - still[(y * 160 + x) * 4 + k]);
              flipped += Math.abs(first[(y * 160 + x) * 4 + k] - still[((top + bottom - 1 - y) * 160 + x) * 4 + k]);
            }
        const n = (bottom - top) * 160 * 3;
        return { changed, width: video.videoWidth, height: video.videoHeight, same: same / n, flipped: flipped / n };
      })()`);
      expect([diff.width, diff.height]).toEqual([960, 540]);
      expect(diff.changed).toBeGreaterThan(20);
      console.log(
        `first frame vs PNG: mean |Δ| ${diff.same.toFixed(2)} per channel (${diff.flipped.toFixed(2)} against it flipped)`,
      );
      expect(diff.same).toBeLessThan(2.5);
      expect(diff.flipped).toBeGreaterThan(2 * diff.same);
    } finally {
      await plain.close();
    }
    expect(lab.pageErrors).toEqual([]);
  });
});
