/**
 * One browser's WebSocket to the lab: JSON commands in (validated, size-capped, each answered with
 * its request id — an error reply for anything malformed, never a crash), replies and state out as
 * JSON, frames out as binary (wire.ts) through a mailbox that coalesces them while the socket is backed up.
 */
import type { WebSocket, RawData } from 'ws';
import { LIMITS, type Frame, type LabState, type Reply } from '../../shared/contract/lab';
import { ClientMessageSchema, encodeFrame, encodeServerMessage, type ServerMessage } from '../../shared/contract/wire';
import { FrameMailbox } from '../host/frame-mailbox';

/** What the socket needs of the lab (the LabHost). */
export interface LabBackend {
  handle(raw: unknown): Promise<Reply>;
  state(): LabState;
  onState(cb: (state: LabState) => void): () => void;
  onFrame(cb: (frame: Frame) => void): () => void;
}

/** Above this many bytes waiting in the socket, frames are held back (and coalesced). */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;

export class LabSocket {
  readonly mailbox: FrameMailbox;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly lab: LabBackend,
  ) {
    this.mailbox = new FrameMailbox({
      ready: () => socket.bufferedAmount < HIGH_WATER_BYTES,
      sendState: (state) => this.send({ kind: 'state', state }),
      sendFrame: (frame) => this.sendRaw(encodeFrame(frame)),
    });
    this.unsubscribe.push(
      lab.onState((s) => this.mailbox.putState(s)),
      lab.onFrame((f) => this.mailbox.putFrame(f)),
    );
    socket.on('message', (data, isBinary) => void this.receive(data, isBinary));
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
    this.mailbox.putState(lab.state());
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  private async receive(data: RawData, isBinary: boolean): Promise<void> {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (isBinary) return this.reply(null, { ok: false, error: 'commands are JSON text messages' });
    if (size > LIMITS.messageBytes)
      return this.reply(null, {
        ok: false,
        error: `message too large (${size} bytes; at most ${LIMITS.messageBytes})`,
      });
    let message: unknown;
    try {
      message = JSON.parse(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
      );
    } catch {
      return this.reply(null, { ok: false, error: 'malformed message: not JSON' });
    }
    const id = requestId(message);
    const parsed = ClientMessageSchema.safeParse(message);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
      return this.reply(id, { ok: false, error: `invalid command: ${detail}` });
    }
    this.reply(id, await this.lab.handle(parsed.data.command));
  }

  private reply(id: number | null, reply: Reply): void {
    this.send({ kind: 'reply', id, reply });
  }

  private send(message: ServerMessage): void {
    this.sendRaw(encodeServerMessage(message));
  }

  private sendRaw(data: string | ArrayBuffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(data);
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.mailbox.close();
  }
}

function requestId(message: unknown): number | null {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
