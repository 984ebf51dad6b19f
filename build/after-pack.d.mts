// Types of build/after-pack.mjs (electron-builder loads the .mjs itself; the tests import it).
import type { FuseV1Options, FuseVersion } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';

/** The fuse wire the packed app gets, as passed to `flipFuses`. */
export type PackedFuses = { version: FuseVersion; resetAdHocDarwinSignature: boolean } & Partial<
  Record<FuseV1Options, boolean>
>;

export function fuseConfig(platform: string, arch: number): PackedFuses;
export function electronBinary(
  context: Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName' | 'packager'>,
): string;
export default function afterPack(context: AfterPackContext): Promise<void>;
