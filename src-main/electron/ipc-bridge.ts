/**
 * The main-process end of the Electron transport, written against the small part of `ipcMain` and
 * `webContents` it uses so that tests can drive it with fakes (no Electron binary is needed there).
 *
 * Every message is checked twice: its sender must be the lab's own window (its main frame, on the
 * lab's own page), and its payload must pass `CommandSchema` (inside `LabHost.handle`) and the size cap.
 * Frames go out with `webContents.send` (structured clone: a main-process MessagePort could not transfer
 * the ArrayBuffer either), coalesced per run and paced to the display rate by a `FrameMailbox`.
 */
import { CHANNELS } from '../../shared/contract/channels';
import { LIMITS, type Reply } from '../../shared/contract/lab';
import { FrameMailbox } from '../host/frame-mailbox';
import type { LabBackend } from '../host/lab-backend';

/** What the bridge needs of an IPC event (Electron's IpcMainInvokeEvent). */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface BridgeOptions {
  ipcMain: IpcMainLike;
  webContents: WebContentsLike;
  lab: LabBackend;
  /** Whether a frame URL is the lab's own page (its protocol and path). */
  isLabUrl(url: string): boolean;
  /** Least time between two frame sends (ms; default 16). */
  frameIntervalMs?: number;
  /**
   * Asks the user for a CSV file in the main process's dialog (the `chooseData` command): its plain name
   * and text, or null when none was chosen. Without it, `chooseData` goes to the lab (which refuses it).
   */
  chooseData?: () => Promise<{ name: string; text: string } | null>;
}

/** Wires the lab to one window; returns a function that unwires it. */
export function bridgeLabToWindow(options: BridgeOptions): () => void {
  const { ipcMain, webContents, lab } = options;
  const interval = options.frameIntervalMs ?? 16;
  let lastFrames = 0;
  const send = (channel: string, value: unknown) => {
    if (!webContents.isDestroyed()) webContents.send(channel, value);
  };
  const mailbox = new FrameMailbox(
    {
      ready: () => Date.now() - lastFrames >= interval,
      sendState: (state) => send(CHANNELS.state, state),
      sendFrame: (frame) => {
        lastFrames = Date.now();
        send(CHANNELS.frame, frame);
      },
    },
    interval,
  );

  const trusted = (event: InvokeEventLike): boolean =>
    event.sender.id === webContents.id &&
    event.senderFrame !== null &&
    !event.senderFrame.parent &&
    options.isLabUrl(event.senderFrame.url);

  ipcMain.handle(CHANNELS.command, async (event, raw): Promise<Reply> => {
    if (!trusted(event)) return { ok: false, error: 'refused: not the lab window' };
    if (!withinSize(raw)) return { ok: false, error: `message too large (at most ${LIMITS.messageBytes} bytes)` };
    if (options.chooseData && isChooseData(raw)) {
      const file = await options.chooseData();
      return file ? lab.handle({ type: 'uploadData', ...file }) : { ok: false, error: 'no data file was chosen' };
    }
    return lab.handle(raw);
  });
  ipcMain.handle(CHANNELS.hello, (event) => (trusted(event) ? lab.state() : null));
  const offs = [lab.onState((s) => mailbox.putState(s)), lab.onFrame((f) => mailbox.putFrame(f))];

  return () => {
    ipcMain.removeHandler(CHANNELS.command);
    ipcMain.removeHandler(CHANNELS.hello);
    for (const off of offs) off();
    mailbox.close();
  };
}

/** Whether the message is the `chooseData` command (the dialog is the main process's). */
function isChooseData(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'chooseData';
}

/** Whether a message's JSON form is under the cap (a message JSON cannot express is refused too). */
function withinSize(raw: unknown): boolean {
  try {
    const json = JSON.stringify(raw);
    return json === undefined || json.length <= LIMITS.messageBytes;
  } catch {
    return false;
  }
}
