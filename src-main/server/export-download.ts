/**
 * `GET /api/export`: the current recording as a download, written to the response in chunks as it is
 * serialized (with backpressure), so a recording of gigabytes never becomes one string in memory.
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonChunks } from '../../shared/spec/json-chunks';
import type { LabBackend } from './lab-socket';
import type { ErrorLog } from './log';

export async function sendExport(
  lab: LabBackend,
  req: IncomingMessage,
  res: ServerResponse,
  log: ErrorLog,
): Promise<void> {
  const reply = await lab.handle({ type: 'export' });
  if (!reply.ok || reply.recording === undefined)
    return void res
      .writeHead(409, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(`${reply.ok ? 'nothing to export' : reply.error}\n`);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': 'attachment; filename="recording.json"',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  try {
    for (const chunk of jsonChunks(reply.recording)) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (error) {
    // The status is sent: a cut connection is all that can say the download failed.
    log('export download', error);
    res.destroy();
  }
}
