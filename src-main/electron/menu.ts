/** The desktop app's native menu: File, Edit, View, Help, with the platform's conventions. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  newExperiment(): void;
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  save(): void;
  saveAs(): void;
  exportRecording(): void;
  about(): void;
  showSpec(): void;
}

export function buildMenu(actions: MenuActions, recent: string[]): Menu {
  const mac = process.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [
        ...recent.map((path) => ({ label: basename(path), sublabel: path, click: () => actions.openRecent(path) })),
        { type: 'separator' },
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No Recent Experiments', enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New', accelerator: 'CmdOrCtrl+N', click: () => actions.newExperiment() },
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => actions.save() },
        { label: 'Save As…', accelerator: 'Shift+CmdOrCtrl+S', click: () => actions.saveAs() },
        { label: 'Export Recording…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportRecording() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Experiment File Format', click: () => actions.showSpec() },
        ...(mac ? [] : [{ label: 'About SGD Lab', click: () => actions.about() }]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
