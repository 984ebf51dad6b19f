// electron-builder's afterPack hook (electron-builder.yml): flips the Electron fuses of the packed app's
// binary, before it is signed, so that the shipped binary cannot be turned into something else.
// The lab needs none of what is switched off: it never runs Electron as plain Node (the engine's CLI is
// `sgd-lab`, under Node), takes no NODE_OPTIONS or --inspect, and loads its code only from app.asar.
import fuses from '@electron/fuses';
import builder from 'electron-builder';
import { join } from 'node:path';

const { flipFuses, FuseV1Options, FuseVersion } = fuses;

/**
 * The fuse wire the packed app gets: which feature each fuse turns on or off, and whether macOS's
 * ad-hoc signature is redone (an arm64 Mac refuses a binary whose bytes changed after signing).
 * @param {string} platform electron-builder's platform name (linux, darwin, mas, win32)
 * @param {number} arch electron-builder's Arch
 */
export function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && arch === builder.Arch.arm64,
    // ELECTRON_RUN_AS_NODE=1 would make the app's binary a Node with the app's privileges.
    [FuseV1Options.RunAsNode]: false,
    // Cookies (the session's) encrypted at rest with the OS keychain's key.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS (e.g. --require of another script) ignored by the app.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect, --inspect-brk and the like refused: no debugger attached to the main process.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // app.asar checked against the hash embedded at packaging (macOS and Windows; Linux has no check).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // The app's code comes from app.asar only, never from a loose resources/app folder beside it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The window loads lab://app/, never file://: file: pages get no more than any other page.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/**
 * The Electron binary electron-builder just packed into `appOutDir` (named as electron-builder names
 * it: Linux's executableName, elsewhere the product's file name).
 * @param {import('electron-builder').AfterPackContext} context
 */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName: platform, packager } = context;
  const name = platform === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${name}.app`);
  return join(appOutDir, platform === 'win32' ? `${name}.exe` : name);
}

/** @param {import('electron-builder').AfterPackContext} context */
export default async function afterPack(context) {
  const binary = electronBinary(context);
  await flipFuses(binary, fuseConfig(context.electronPlatformName, context.arch));
  console.log(`  • fuses flipped  binary=${binary}`);
}
