/**
 * The lab's window, locked down: context isolation, sandbox, no Node, web security on, no new windows,
 * no navigation away, no webviews, no permissions. Its bounds are remembered in the settings file.
 */
import { BrowserWindow, nativeTheme, screen } from 'electron';
import type { SettingsFile } from './settings';

export interface WindowOptions {
  preload: string;
  settings: SettingsFile;
}

const background = () => (nativeTheme.shouldUseDarkColors ? '#16181d' : '#f6f7f9');

/** Whether saved bounds still lie on a connected display (a monitor may have been unplugged). */
function visible(bounds: { x: number; y: number; width: number; height: number }): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) => {
    const dx = Math.min(bounds.x + bounds.width, a.x + a.width) - Math.max(bounds.x, a.x);
    const dy = Math.min(bounds.y + bounds.height, a.y + a.height) - Math.max(bounds.y, a.y);
    return dx > 100 && dy > 100;
  });
}

export function createLabWindow({ preload, settings }: WindowOptions): BrowserWindow {
  const saved = settings.value.bounds;
  const win = new BrowserWindow({
    ...(saved && visible(saved) ? saved : { width: 1400, height: 900 }),
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'SGD Lab',
    backgroundColor: background(),
    webPreferences: {
      // Reviewed (Electronegativity's PRELOAD_JS_CHECK): the sandboxed preload exposes only `window.lab`,
      // the LabApi whose every command the main side validates — no ipcRenderer, no channel names, no Node.
      preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // No middle-click: it would ask for a new window (refused anyway by the window-open handler).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (settings.value.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Checks (asked without a prompt, e.g. by navigator.permissions) are refused too.
  win.webContents.session.setPermissionCheckHandler(() => false);

  const onTheme = () => win.setBackgroundColor(background());
  nativeTheme.on('updated', onTheme);

  let timer: ReturnType<typeof setTimeout> | null = null;
  const remember = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      settings.value.maximized = win.isMaximized();
      if (!win.isMaximized() && !win.isMinimized() && !win.isFullScreen()) settings.value.bounds = win.getBounds();
      void settings.save().catch(() => undefined);
    }, 400);
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('close', () => {
    settings.value.maximized = win.isMaximized();
    if (!win.isMaximized() && !win.isMinimized() && !win.isFullScreen()) settings.value.bounds = win.getBounds();
    void settings.save().catch(() => undefined);
  });
  win.on('closed', () => nativeTheme.off('updated', onTheme));
  return win;
}
