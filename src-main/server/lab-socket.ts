/**
 * One browser's WebSocket to the lab: JSON commands in (validated, size- and depth-capped, each
 * answered with its request id — an error reply for anything malformed or any unexpected failure,
 * never a crash), replies and state out as JSON, frames out as binary (wire.ts) through a mailbox
 * that coalesces them while the socket is backed up. An export is the lab's shared one
 * (socket-export.ts, export-hub.ts); one too large for a message is refused with the address of its download.
 */
import type { WebSocket, RawData } from 'ws';
import { LIMITS, type Reply } from '../../shared/contract/lab';
import { ClientMessageSchema, encodeServerMessage, type ServerMessage } from '../../shared/contract/wire';
import { MAX_JSON_DEPTH, parseJson, tooDeep } from '../../shared/experiment/json';
import { FrameMailbox } from '../host/frame-mailbox';
import type { LabBackend } from '../host/lab-backend';
import { ExportHub } from './export-hub';
import { FramePacer } from './frame-pacer';
import { replyWithExport } from './socket-export';
import { stderrLog, type ErrorLog } from './log';

export interface LabSocketOptions {
  /** Where unexpected errors go. */
  log?: ErrorLog;
  /** The largest reply (an export) sent as one message, in bytes. */
  maxReplyBytes?: number;
  /** The lab's exports, shared by every socket (default: one of this socket's own, without a memory limit). */
  exports?: ExportHub;
}

/** Above this many bytes waiting in the socket, frames are held back (and coalesced). */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** The largest export sent through the socket; a larger one is downloaded from `EXPORT_PATH`. */
export const MAX_REPLY_BYTES = 256 * 1024 * 1024;
/** Where the current recording is downloaded, streamed (GET, with the lab's cookie). */
export const EXPORT_PATH = '/api/export';
/** Commands of one client being handled at once; more are refused until one is answered. */
export const MAX_IN_FLIGHT = 32;

export class LabSocket {
  readonly mailbox: FrameMailbox;
  private readonly pacer = new FramePacer();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly log: ErrorLog;
  private readonly maxReplyBytes: number;
  private inFlight = 0;
  private readonly exports: ExportHub;

  constructor(
    private readonly socket: WebSocket,
    private readonly lab: LabBackend,
    options: LabSocketOptions = {},
  ) {
    this.log = options.log ?? stderrLog;
    this.maxReplyBytes = options.maxReplyBytes ?? MAX_REPLY_BYTES;
    this.exports = options.exports ?? new ExportHub(lab, { memoryBytes: Infinity });
    this.mailbox = new FrameMailbox({
      ready: () => socket.bufferedAmount < HIGH_WATER_BYTES && this.pacer.ready(),
      sendState: (state) => this.send({ kind: 'state', state }),
      sendFrame: (frame) => {
        this.pacer.sent();
        this.sendRaw(encodeServerMessage({ kind: 'frame', frame }));
      },
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

  /** Answers one message; whatever goes wrong becomes an error reply and a log line. */
  private async receive(data: RawData, isBinary: boolean): Promise<void> {
    let id: number | null = null;
    try {
      const message = this.decode(data, isBinary);
      id = requestId(message.value);
      if (message.error !== undefined) return this.reply(id, { ok: false, error: message.error });
      const parsed = ClientMessageSchema.safeParse(message.value);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
        return this.reply(id, { ok: false, error: `invalid command: ${detail}` });
      }
      const command = parsed.data.command;
      if (command.type === 'framesShown') {
        this.pacer.shown(command.count);
        this.mailbox.flush();
        return this.reply(id, { ok: true });
      }
      if (this.inFlight >= MAX_IN_FLIGHT)
        return this.reply(id, { ok: false, error: `too many commands at once (at most ${MAX_IN_FLIGHT} unanswered)` });
      this.inFlight++;
      let reply: Reply;
      try {
        if (command.type === 'export')
          return await replyWithExport(this.socket, id, this.exports, this.maxReplyBytes, (r) => this.reply(id, r));
        reply = await this.lab.handle(command);
      } finally {
        this.inFlight--;
      }
      this.reply(id, reply);
    } catch (error) {
      this.log('message', error);
      this.safeReply(id, { ok: false, error: `the lab could not do this: ${inWords(error)}` });
    }
  }

  /** The message as JSON, or why it is refused (binary, too large, not JSON, too deep). */
  private decode(data: RawData, isBinary: boolean): { value?: unknown; error?: string } {
    if (isBinary) return { error: 'commands are JSON text messages' };
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (size > LIMITS.messageBytes)
      return { error: `message too large (${size} bytes; at most ${LIMITS.messageBytes})` };
    const buffer = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data as ArrayBuffer);
    let value: unknown;
    try {
      value = parseJson(buffer.toString('utf8'));
    } catch (error) {
      // e.g. "malformed message: not JSON: unexpected "}", expected a value at line 1, column 9"
      return { error: (error as Error).message.replace(/^not valid JSON/, 'malformed message: not JSON') };
    }
    const deep = tooDeep(value);
    if (deep !== undefined)
      return { value, error: `malformed message: nested more than ${MAX_JSON_DEPTH} levels deep at ${deep}` };
    return { value };
  }

  private reply(id: number | null, reply: Reply): void {
    this.send({ kind: 'reply', id, reply });
  }

  /** A reply that cannot throw (the last resort after an error). */
  private safeReply(id: number | null, reply: Reply): void {
    try {
      this.reply(id, reply);
    } catch (error) {
      this.log('reply', error);
    }
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

/** An error in a few words (first line, capped), for a reply. */
export function inWords(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}
