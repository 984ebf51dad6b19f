/**
 * An export answered through a page's WebSocket: the shared export's reply, serialized once
 * (`SharedExport.replyBody`) and sent as the fragments of one text message, so any number of sockets
 * send the same buffers and none makes a copy. One too large for a message is refused with the
 * address of its download (`EXPORT_PATH`).
 */
import type { WebSocket } from 'ws';
import type { Reply } from '../../shared/contract/lab';
import type { ExportHub } from './export-hub';
import { EXPORT_PATH } from './lab-socket';

/**
 * Answers export request `id` on `socket`; `reply` sends a small reply (a refusal, an error). The
 * lease on the shared export is held until the last fragment is written out (or the socket is gone).
 */
export async function replyWithExport(
  socket: WebSocket,
  id: number | null,
  hub: ExportHub,
  maxReplyBytes: number,
  reply: (r: Reply) => void,
): Promise<void> {
  const lease = await hub.acquire();
  if ('refused' in lease) return reply({ ok: false, error: lease.refused });
  try {
    const { shared } = lease;
    if (!shared.reply.ok || shared.reply.recording === undefined) return reply(shared.reply);
    const body = shared.replyBody(maxReplyBytes);
    if (!body)
      return reply({
        ok: false,
        error: `the recording is larger than ${Math.round(maxReplyBytes / 2 ** 20)} MB, too large to send to the page: download it from ${EXPORT_PATH}`,
        download: EXPORT_PATH,
      });
    if (socket.readyState !== socket.OPEN) return;
    // One message in fragments, all sent in this turn so nothing else comes between them.
    const text = { binary: false, fin: false };
    socket.send(Buffer.from(`{"kind":"reply","id":${JSON.stringify(id)},"reply":`), text);
    for (const part of body) socket.send(part, text);
    const release = lease.release;
    lease.release = () => undefined;
    socket.send(Buffer.from('}'), { binary: false, fin: true }, () => release());
  } finally {
    lease.release();
  }
}
