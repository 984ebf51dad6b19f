/**
 * The Electron main process: one locked-down window on the lab's own `lab://` page, the lab host
 * (worker threads) behind a validated IPC bridge, the native menu, dialogs and remembered settings.
 */
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, nativeTheme, session, shell } from 'electron';
import { machineBudget } from '../../shared/experiment/budget';
import { setDefaultBudget } from '../../shared/experiment/validate';
import { LabHost } from '../host/lab-host';
import { contentSecurityPolicy } from '../web/headers';
import { FileActions } from './file-actions';
import { bridgeLabToWindow } from './ipc-bridge';
import { LAB_URL, registerLabScheme, serveLabScheme } from './lab-protocol';
import { buildMenu } from './menu';
import { SettingsFile } from './settings';
import { devRendererUrl, isTrustedUrl } from './trusted-origin';
import { createLabWindow } from './window';

/** out/ (this file is bundled to out/main/index.js). */
const OUT = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(OUT, '..');
/** The README, which a packaged app keeps outside app.asar (electron-builder.json's asarUnpack) for the OS to open. */
const README = join(ROOT, 'README.md').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
/** Whether this bundle was built by `npm run dev` (vite replaces `import.meta.env` at build time). */
const DEV_BUILD = (import.meta as unknown as { env?: { DEV?: boolean } }).env?.DEV === true;
/** electron-vite's dev server, in `npm run dev` only (never in a built app), on this computer only. */
const DEV_URL = devRendererUrl(process.env.ELECTRON_RENDERER_URL, DEV_BUILD, app.isPackaged);

registerLabScheme();
// On a machine without a usable GPU Chromium composites in software, and recent versions give WebGL
// nothing unless its software fallback (SwiftShader) is allowed. The window only ever shows the lab's
// own page (CSP, no navigation, no new windows), so the view may run there; the view then draws
// within a point budget (src-renderer/src/scene/point-budget.ts).
app.commandLine.appendSwitch('enable-unsafe-swiftshader');
// Every experiment the window opens or edits must fit this machine (README: What the lab refuses).
setDefaultBudget(machineBudget(totalmem()));
nativeTheme.themeSource = 'system';
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

const isLabUrl = (url: string): boolean => isTrustedUrl(url, DEV_URL);

async function start(): Promise<void> {
  serveLabScheme(join(OUT, 'renderer'));
  if (DEV_URL)
    session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [contentSecurityPolicy(new URL(DEV_URL).host)],
        },
      }),
    );
  const settings = new SettingsFile(app.getPath('userData'));
  await settings.load();
  const lab = new LabHost();
  const win = createLabWindow({ preload: join(OUT, 'preload', 'index.cjs'), settings });
  const files = new FileActions(win, lab, settings, () => refresh());
  const chooseData = () => files.chooseData();
  const unbridge = bridgeLabToWindow({ ipcMain, webContents: win.webContents, lab, isLabUrl, chooseData });

  const refresh = () => {
    const title = lab.state().experiment?.title;
    win.setTitle(
      files.path ? `${files.path.split(/[\\/]/).pop()} — SGD Lab` : title ? `${title} — SGD Lab` : 'SGD Lab',
    );
    Menu.setApplicationMenu(
      buildMenu(
        {
          newExperiment: () => void files.newExperiment(),
          open: () => void files.open(),
          openRecent: (path) => void files.openPath(path),
          clearRecent: () => {
            settings.value.recent = [];
            void settings.save().then(refresh, () => undefined);
          },
          save: () => void files.save(),
          saveAs: () => void files.saveAs(),
          exportRecording: () => void files.exportRecording(),
          about: () => app.showAboutPanel(),
          showSpec: () => void shell.openPath(README),
        },
        settings.value.recent,
      ),
    );
  };
  app.setAboutPanelOptions({ applicationName: 'SGD Lab', applicationVersion: app.getVersion() });
  refresh();

  // A hidden or minimized window keeps computing but is sent no frames.
  const visibility = (visible: boolean) => void lab.handle({ type: 'visibility', visible });
  win.on('minimize', () => visibility(false));
  win.on('hide', () => visibility(false));
  win.on('restore', () => visibility(true));
  win.on('show', () => visibility(true));
  win.on('closed', () => {
    unbridge();
    void lab.close();
  });

  await win.loadURL(DEV_URL ?? LAB_URL);
  const opened = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => a.endsWith('.json'));
  if (opened) await files.openPath(opened);
  else {
    const reply = await lab.start();
    if (!reply.ok) dialog.showErrorBox('The experiment could not be loaded', reply.error);
  }
  refresh();
}

app.whenReady().then(start, (error: unknown) => {
  dialog.showErrorBox('SGD Lab could not start', error instanceof Error ? error.message : String(error));
  app.quit();
});
// One window is the app: closing it quits, on macOS too (the lab host lives with the window).
app.on('window-all-closed', () => app.quit());
