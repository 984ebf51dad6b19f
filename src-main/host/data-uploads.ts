/**
 * CSV data a view gave the lab (Data → Upload CSV in the browser, the file dialog in Electron). Each
 * upload is written, by its plain file name, into a folder the lab owns (made on the first upload,
 * removed on close); an experiment refers to it by that relative name, and its data are then read from
 * that folder through the one confined reader (files/data-file.ts: relative names only, no `..`, plain
 * files only), never around it. It also tells when an experiment names a CSV that is in neither place,
 * in words that say what to do and show no server path.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataInfo, LabState, Reply } from '../../shared/contract/lab';
import { csvPathOf, type DataRoot } from '../../shared/experiment/data-path';
import { fieldText, readRecord } from '../engine/loss/csv-record';
import { parseCsv } from '../engine/loss/csv-columns';
import { resolveDataPath } from '../files/data-file';

/** What an upload's file name may be: a plain name ending in `.csv` (no folder, no `..`). */
export const UPLOAD_NAME = /^(?!\.)[\w .()+-]{1,120}\.csv$/i;

/** The message for an experiment whose CSV `name` is missing: what to do, no path. */
export function missingDataMessage(name: string): string {
  return `${name} was not found next to the experiment: upload it with Data → Upload CSV`;
}

/** The header's column names and the number of data rows of CSV `text` (RFC 4180), or a DataError. */
export function describeCsv(name: string, text: string): DataInfo {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let pos = 0;
  let row = 0;
  while (pos < body.length) {
    let end = body.indexOf('\n', pos);
    if (end < 0) end = body.length;
    row++;
    if (body.slice(pos, end).trim() !== '') {
      const columns = readRecord(body, pos, row, name).fields.map((f) => fieldText(body, f).trim());
      // Every column is read by the one CSV reader, which numbers the rows as it goes.
      return { name, columns, rows: parseCsv(body, [], name).n };
    }
    pos = end + 1;
  }
  return { name, columns: [], rows: parseCsv(body, [], name).n };
}

export class DataUploads {
  private dir: string | null = null;
  private readonly infos = new Map<string, DataInfo>();
  /** The experiment last refused for a missing CSV, and that CSV as it names it: an upload of it loads it. */
  private refused: { spec: unknown; csv: string } | null = null;

  /**
   * The error reply for an experiment whose CSV is missing (kept, to load once it is uploaded), or
   * undefined when its data can be looked for (a later refusal is forgotten then).
   */
  async refuseIfMissing(spec: unknown, root: DataRoot): Promise<Reply | undefined> {
    const csv = await this.missing(spec, root);
    this.refused = csv === undefined ? null : { spec, csv };
    return csv === undefined ? undefined : { ok: false, error: missingDataMessage(csv), missingData: csv };
  }

  /**
   * What to load after the upload `name`: the refused experiment whose missing CSV has that file name
   * (now naming the upload), else the current experiment (as written) when it names it, else nothing.
   */
  toLoad(name: string, current: unknown): unknown {
    const refused = this.refused;
    if (refused && path.posix.basename(refused.csv.replaceAll('\\', '/')) === name) {
      this.refused = null;
      return withCsv(refused.spec, name);
    }
    return csvPathOf(current) === name ? current : undefined;
  }

  /** What the lab's state says of data: the current experiment's uploaded file, the refused one's CSV. */
  stateOf(current: unknown): Pick<LabState, 'data' | 'missingData'> {
    const data = this.info(csvPathOf(current));
    return { ...(data ? { data } : {}), ...(this.refused ? { missingData: this.refused.csv } : {}) };
  }

  /** Keeps `text` as the data file `name` (refusing a name that is not a plain `.csv` file name). */
  async store(name: string, text: string): Promise<DataInfo> {
    if (!UPLOAD_NAME.test(name)) throw new Error(`${name}: a data file is a plain file name ending in .csv`);
    const info = describeCsv(name, text);
    this.dir ??= await mkdtemp(path.join(tmpdir(), 'sgd-lab-data-'));
    await writeFile(path.join(this.dir, name), text, 'utf8');
    this.infos.set(name, info);
    return info;
  }

  /**
   * Keeps an uploaded CSV; the experiment refused for it, or the current one (as written, `current`)
   * naming it, is then `load`ed and runs on it; otherwise only the state changes (`emitState`).
   */
  async upload(
    { name, text }: { name: string; text: string },
    current: unknown,
    load: (spec: unknown) => Promise<Reply>,
    emitState: () => void,
  ): Promise<Reply> {
    const data = await this.store(name, text);
    const next = this.toLoad(name, current);
    if (next === undefined) {
      emitState();
      return { ok: true, data };
    }
    const reply = await load(next);
    return reply.ok ? { ...reply, data } : reply;
  }

  /** The uploaded data file `name`, if there is one. */
  info(name: unknown): DataInfo | undefined {
    return typeof name === 'string' ? this.infos.get(name) : undefined;
  }

  /** Where the data of `experiment` (as written or checked) are read from: the uploads for an uploaded name. */
  rootFor(experiment: unknown, root: DataRoot): DataRoot {
    return this.dir && this.info(csvPathOf(experiment)) ? { dir: this.dir, confined: true } : root;
  }

  /**
   * The CSV `experiment` names when it is neither uploaded nor a file under `root` (what to ask the
   * user for), else undefined. Paths the reader refuses are left to it (it names the rule).
   */
  async missing(experiment: unknown, root: DataRoot): Promise<string | undefined> {
    const csv = csvPathOf(experiment);
    if (typeof csv !== 'string' || csv === '' || this.info(csv)) return undefined;
    const found = await stat(resolveDataPath(csv, root)).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT' && error.code !== 'ENOTDIR',
    );
    return found ? undefined : csv;
  }

  /** Removes the uploads' folder. */
  async close(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.infos.clear();
  }
}

/** A copy of the experiment `spec` (as written) whose `loss.data.csv` is `name`. */
function withCsv(spec: unknown, name: string): unknown {
  const copy = structuredClone(spec) as { loss: { data: { csv: string } } };
  copy.loss.data.csv = name;
  return copy;
}
