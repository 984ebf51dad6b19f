/**
 * A WebSocket client of a real `sgd-lab serve` process for tests: opens the lab's socket with its
 * cookie and origin, sends commands and resolves each with its reply (text or binary messages alike).
 */
import WebSocket from 'ws';
import { decodeServerMessage } from '../../shared/contract/wire';
import type { Reply } from '../../shared/contract/lab';
import type { ServeProcess } from './serve-process';

/** What a test reads of a reply: `error` when refused, `surface` when one was drawn. */
export type LooseReply = Reply & { error?: string; surface?: { values: Float32Array } };

export interface LabSocketClient {
  /** Sends `command`; resolves with its reply, its JSON text and how long it took (ms). */
  ask(command: unknown): Promise<{ reply: LooseReply; text: string; ms: number }>;
  close(): void;
}

export async function openLabSocket(serve: ServeProcess): Promise<LabSocketClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws`, {
    headers: { Origin: `http://127.0.0.1:${serve.port}`, Cookie: serve.cookie },
  });
  const waiting = new Map<number, (reply: Reply) => void>();
  ws.on('message', (data: Buffer, binary) => {
    const raw = binary ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data.toString();
    const m = decodeServerMessage(raw as string | ArrayBuffer);
    if (m.kind === 'reply' && m.id !== null) waiting.get(m.id)?.(m.reply);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  return {
    async ask(command) {
      const id = nextId++;
      const started = performance.now();
      const reply = await new Promise<Reply>((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, command }));
      });
      waiting.delete(id);
      return { reply: reply as LooseReply, text: JSON.stringify(reply), ms: performance.now() - started };
    },
    close: () => ws.close(),
  };
}
