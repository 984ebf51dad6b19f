/**
 * The Electron IPC channel names. Only the main process and the preload import this; the renderer
 * never sees a channel (it holds `window.lab`, a `LabApi`).
 */
export const CHANNELS = {
  /** renderer → main (invoke): one `Command`; answers a `Reply`. */
  command: 'lab:command',
  /** renderer → main (invoke): the current `LabState` (a view that just loaded asks once). */
  hello: 'lab:hello',
  /** main → renderer: a `LabState`. */
  state: 'lab:state',
  /** main → renderer: a `Frame`. */
  frame: 'lab:frame',
} as const;
