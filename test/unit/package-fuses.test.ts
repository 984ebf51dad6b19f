// The packaging step's fuses: build/after-pack.mjs (electron-builder's afterPack hook) flips exactly the
// fuses issue 12 asks for, at the fuse-wire positions Electron documents, on the binary electron-builder
// packed; electron-builder.json runs that hook on a Linux build from app.asar. No Electron binary needed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import afterPack, { electronBinary, fuseConfig } from '../../build/after-pack.mjs';

/** electron-builder's Arch values (builder-util): x64 1, arm64 3. */
const X64 = 1;
const ARM64 = 3;

describe('fuses flipped after packing', () => {
  it('sets each fuse at its position in Electron’s V1 fuse wire', () => {
    // Positions from Electron's docs/tutorial/fuses.md: 0 runAsNode, 1 cookie encryption, 2 NODE_OPTIONS,
    // 3 --inspect, 4 embedded ASAR integrity, 5 only load from ASAR, 6 V8 snapshot, 7 file: privileges.
    expect(fuseConfig('linux', X64)).toEqual({
      version: '1',
      resetAdHocDarwinSignature: false,
      0: false,
      1: true,
      2: false,
      3: false,
      4: true,
      5: true,
      7: false,
    });
  });

  it('redoes the ad-hoc signature only for an arm64 Mac', () => {
    expect(fuseConfig('darwin', ARM64).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('mas', ARM64).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('darwin', X64).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('linux', ARM64).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('win32', ARM64).resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the binary electron-builder packed, named as electron-builder names it', () => {
    const packager = { executableName: 'sgd-lab', appInfo: { productFilename: 'SGD Lab' } } as never;
    const at = (electronPlatformName: string) => electronBinary({ appOutDir: '/o', electronPlatformName, packager });
    expect(at('linux')).toBe(join('/o', 'sgd-lab'));
    expect(at('win32')).toBe(join('/o', 'SGD Lab.exe'));
    expect(at('darwin')).toBe(join('/o', 'SGD Lab.app'));
  });

  it('writes the wire into the binary: the six fuses flipped, the others left as they were', async () => {
    // A stand-in for Electron's binary: the fuse sentinel, wire version 1, length 9, then one ASCII
    // '0'/'1' per fuse — Electron 42's defaults (runAsNode on, NODE_OPTIONS on, --inspect on, file: on,
    // WASM trap handlers on; the rest off).
    const dir = mkdtempSync(join(tmpdir(), 'sgd-fuses-'));
    try {
      const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
      const filler = Buffer.alloc(64, 7);
      const binary = Buffer.concat([
        filler,
        Buffer.from(sentinel),
        Buffer.from([1, 9]),
        Buffer.from('101001001'),
        filler,
      ]);
      writeFileSync(join(dir, 'sgd-lab'), binary);
      const packager = { executableName: 'sgd-lab', appInfo: { productFilename: 'SGD Lab' } };
      await afterPack({ appOutDir: dir, electronPlatformName: 'linux', arch: X64, packager } as never);
      const after = readFileSync(join(dir, 'sgd-lab'));
      const at = after.indexOf(sentinel) + sentinel.length;
      expect(after.subarray(at + 2, at + 11).toString('latin1')).toBe('010011001');
      expect(after.length).toBe(binary.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a binary without a fuse wire (the hook fails the build rather than ship unfused)', async () => {
    const context = {
      appOutDir: join(import.meta.dirname, '..', '..', 'build'),
      electronPlatformName: 'linux',
      arch: X64,
      packager: { executableName: 'after-pack.mjs' },
    } as never;
    await expect(afterPack(context)).rejects.toThrow(/sentinel/);
  });
});

describe('electron-builder.json', () => {
  const config = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'electron-builder.json'), 'utf8'));

  it('runs the fuses hook after packing, from an ASAR archive (OnlyLoadAppFromAsar needs one)', () => {
    expect(config.afterPack).toBe('./build/after-pack.mjs');
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toBeUndefined();
  });

  it('packs a Linux app from the electron-vite build, with package.json’s main inside it', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'dir']));
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
    // The lab host opens resources/default.lab.json two folders up from out/main/index.js: inside app.asar.
    expect(config.files).toContain('resources/default.lab.json');
  });
});
