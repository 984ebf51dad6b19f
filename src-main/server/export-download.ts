/**
 * `GET /api/export`: the current recording as a download, written to the response in chunks as it is
 * serialized straight from the shared export's packed positions, with backpressure, so a recording
 * of gigabytes never becomes one string (nor a nested-array copy) in memory. A wait for the response
 * to drain adds one listener for 'drain' and one for 'close' and removes both when either comes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonChunks } from '../../shared/experiment/json-chunks';
import type { ExportHub } from './export-hub';
import type { ErrorLog } from './log';

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

export async function sendExport(
  hub: ExportHub,
  req: IncomingMessage,
  res: ServerResponse,
  log: ErrorLog,
): Promise<void> {
  const lease = await hub.acquire();
  if ('refused' in lease) return void res.writeHead(503, { ...TEXT, 'Retry-After': '5' }).end(`${lease.refused}\n`);
  try {
    const reply = lease.shared.reply;
    if (!reply.ok || reply.recording === undefined)
      return void res.writeHead(409, TEXT).end(`${reply.ok ? 'nothing to export' : reply.error}\n`);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="recording.json"',
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    try {
      for (const chunk of jsonChunks(reply.recording)) {
        if (res.destroyed) return;
        if (!res.write(chunk)) await drained(res);
      }
      res.end();
    } catch (error) {
      // The status is sent: a cut connection is all that can say the download failed.
      log('export download', error);
      res.destroy();
    }
  } finally {
    lease.release();
  }
}

/** Resolves when `res` drains or closes, leaving no listener behind. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
