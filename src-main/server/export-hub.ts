/**
 * The lab's exports, shared by every page that asks (issue 18): one export is computed at a time,
 * and every request that arrives while it is computed gets that same recording (its positions packed
 * in typed arrays, see `PackedPositions`). A reply sent through the sockets is serialized once into
 * buffers shared by every socket that sends it. Across every client at most `maxRequests` exports are
 * waited for or delivered at once, and none is started while the exports still held (recordings being
 * downloaded, replies not yet written out) take more than `memoryBytes`: a request over either limit
 * is refused with a message that says so, never queued without bound.
 */
import type { Reply } from '../../shared/contract/lab';
import { formatBytes } from '../../shared/experiment/budget';
import { jsonChunks } from '../../shared/experiment/json-chunks';
import { PackedPositions } from '../../shared/experiment/packed-positions';
import { packedBytes, type PackedRecording, type PackedRun } from '../host/replies';
import type { LabBackend } from '../host/lab-backend';

/** What the hub needs of the lab: its commands, and the packed export where it has one (the LabHost). */
export type ExportSource = Pick<LabBackend, 'handle'> & { exportRecording?(): Promise<Reply> };

/** Exports waited for or being delivered at once, across every client. */
export const MAX_EXPORT_REQUESTS = 64;

export interface ExportHubOptions {
  /** Bytes the held exports may take before new ones are refused. */
  memoryBytes: number;
  /** Exports waited for or delivered at once, across every client (default `MAX_EXPORT_REQUESTS`). */
  maxRequests?: number;
}

/** One computed export and who still uses it. */
export class SharedExport {
  users = 0;
  done = false;
  /** The socket reply's JSON (`{"ok":true,"recording":…}`) as buffers, once built; null when over the limit. */
  private body: Buffer[] | null | undefined;
  bodyBytes = 0;

  constructor(
    readonly reply: Reply,
    /** Bytes the recording's packed positions hold. */
    readonly bytes: number,
  ) {}

  /** The reply's JSON as buffers, built once for every socket; null when larger than `maxBytes`. */
  replyBody(maxBytes: number): Buffer[] | null {
    if (this.body !== undefined) return this.body;
    const parts: Buffer[] = [];
    let bytes = 0;
    for (const chunk of jsonChunks(this.reply)) {
      const part = Buffer.from(chunk, 'utf8');
      bytes += part.length;
      if (bytes > maxBytes) {
        this.body = null;
        return null;
      }
      parts.push(part);
    }
    this.bodyBytes = bytes;
    this.body = parts;
    return parts;
  }
}

/** A use of a shared export; `release` once it is delivered (or its receiver is gone). */
export interface ExportLease {
  shared: SharedExport;
  release(): void;
}

export class ExportHub {
  private computing: { promise: Promise<SharedExport>; shared?: SharedExport } | null = null;
  private readonly held = new Set<SharedExport>();
  private requests = 0;
  private readonly maxRequests: number;

  constructor(
    private readonly lab: ExportSource,
    private readonly options: ExportHubOptions,
  ) {
    this.maxRequests = options.maxRequests ?? MAX_EXPORT_REQUESTS;
  }

  /** Exports waited for or being delivered now, across every client. */
  get active(): number {
    return this.requests;
  }

  /** Bytes held by the exports in use (packed recordings and reply bodies). */
  get heldBytes(): number {
    let bytes = 0;
    for (const shared of this.held) bytes += shared.bytes + shared.bodyBytes;
    return bytes;
  }

  /** The export being computed (joined) or a new one; a refusal in words when over a limit. */
  async acquire(): Promise<ExportLease | { refused: string }> {
    if (this.requests >= this.maxRequests)
      return {
        refused: `the lab is busy with ${this.requests} exports for its pages (at most ${this.maxRequests} at once): try again when one is done`,
      };
    const held = this.heldBytes;
    if (!this.computing && held > 0 && held >= this.options.memoryBytes)
      return {
        refused: `the exports being sent hold ${formatBytes(held)}, over the limit of ${formatBytes(this.options.memoryBytes)}: try again when a download has finished`,
      };
    this.requests++;
    const job = (this.computing ??= { promise: this.compute() });
    let shared: SharedExport;
    try {
      shared = await job.promise;
    } catch (error) {
      this.requests--;
      throw error;
    }
    shared.users++;
    this.held.add(shared);
    let released = false;
    return {
      shared,
      release: () => {
        if (released) return;
        released = true;
        this.requests--;
        if (--shared.users === 0) this.held.delete(shared);
      },
    };
  }

  private async compute(): Promise<SharedExport> {
    try {
      const reply = this.lab.exportRecording
        ? await this.lab.exportRecording()
        : await this.lab.handle({ type: 'export' });
      const recording = reply.ok ? (reply.recording as PackedRecording | undefined) : undefined;
      const bytes = recording && isPacked(recording) ? packedBytes(recording) : 0;
      return new SharedExport(reply, bytes);
    } finally {
      // Requests from now on start the next export (the lab may have moved on meanwhile).
      this.computing = null;
    }
  }
}

/** Whether a recording's positions are packed (a replay's recording is plain JSON values). */
function isPacked(recording: PackedRecording): boolean {
  const runs: unknown = recording.runs;
  return (
    Array.isArray(runs) &&
    runs.every(
      (run: Partial<PackedRun>) =>
        run.positions instanceof PackedPositions && run.final?.positions instanceof PackedPositions,
    )
  );
}
