/**
 * The desktop File menu's work: open, save and export through native dialogs, errors shown in a
 * message box, recent files remembered. The lab host does the loading and exporting itself.
 */
import { basename, dirname } from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { LabHost } from '../host/lab-host';
import type { Experiment } from '../../shared/experiment/experiment';
import { jsonChunks } from '../../shared/experiment/json-chunks';
import { writeFileAtomic } from '../files/durable';
import { readDataFile } from '../files/data-file';
import { MAX_UPLOAD_CHARS } from '../../shared/contract/data-upload';
import type { SettingsFile } from './settings';

const LAB_FILTERS = [
  { name: 'Lab experiments', extensions: ['lab.json', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

const CSV_FILTERS = [
  { name: 'CSV data', extensions: ['csv'] },
  { name: 'All files', extensions: ['*'] },
];

export class FileActions {
  /** The file the current experiment came from (Save writes it). */
  path: string | null = null;

  constructor(
    private readonly window: BrowserWindow,
    private readonly lab: LabHost,
    private readonly settings: SettingsFile,
    private readonly changed: () => void,
  ) {}

  async newExperiment(): Promise<void> {
    const reply = await this.lab.start();
    if (!reply.ok) return this.fail('The default experiment could not be loaded', reply.error);
    this.path = null;
    this.changed();
  }

  async open(): Promise<void> {
    const chosen = await dialog.showOpenDialog(this.window, { filters: LAB_FILTERS, properties: ['openFile'] });
    const [path] = chosen.filePaths;
    if (!chosen.canceled && path) await this.openPath(path);
  }

  async openPath(path: string): Promise<void> {
    const reply = await this.lab.loadFile(path);
    if (!reply.ok) return this.fail(`${basename(path)} could not be opened`, reply.error);
    this.path = path;
    this.settings.addRecent(path);
    await this.settings.save().catch(() => undefined);
    this.changed();
  }

  /**
   * Data → Upload CSV on the desktop: a CSV chosen in a dialog, read here (at most one message's size)
   * and given to the lab by its plain name, as a browser's upload is (host/data-uploads.ts).
   */
  async chooseData(): Promise<{ name: string; text: string } | null> {
    const chosen = await dialog.showOpenDialog(this.window, { filters: CSV_FILTERS, properties: ['openFile'] });
    const [path] = chosen.filePaths;
    if (chosen.canceled || !path) return null;
    const file = await readDataFile(
      basename(path),
      { dir: dirname(path), confined: true },
      { maxBytes: MAX_UPLOAD_CHARS },
    );
    return { name: basename(path), text: file.text };
  }

  async save(): Promise<void> {
    if (!this.path) return this.saveAs();
    await this.write(this.path, this.lab.experimentInput());
  }

  async saveAs(): Promise<void> {
    const chosen = await dialog.showSaveDialog(this.window, {
      defaultPath: this.path ?? 'experiment.lab.json',
      filters: LAB_FILTERS,
    });
    if (chosen.canceled || !chosen.filePath) return;
    if (await this.write(chosen.filePath, this.lab.experimentInput())) {
      this.path = chosen.filePath;
      this.settings.addRecent(chosen.filePath);
      await this.settings.save().catch(() => undefined);
      this.changed();
    }
  }

  async exportRecording(): Promise<void> {
    const reply = await this.lab.handle({ type: 'export' });
    if (!reply.ok) return this.fail('The recording could not be exported', reply.error);
    const chosen = await dialog.showSaveDialog(this.window, {
      defaultPath: 'recording.json',
      filters: [{ name: 'Recordings', extensions: ['json'] }],
    });
    if (chosen.canceled || !chosen.filePath) return;
    // Its data file as SPEC §9 keeps it: relative to where the recording goes, with its SHA-256.
    const exported = reply.recording as { spec: Experiment };
    let recording: { spec: Experiment };
    try {
      recording = { ...exported, spec: await this.lab.recordedSpec(exported.spec, dirname(chosen.filePath)) };
    } catch (error) {
      return this.fail('The recording could not be exported', error instanceof Error ? error.message : String(error));
    }
    // A recording may be gigabytes: written in chunks, never as one string.
    await this.write(chosen.filePath, recording, (path, value) => writeFileAtomic(path, jsonChunks(value)));
  }

  private async write(
    path: string,
    value: unknown,
    writer = (p: string, v: unknown) => writeFileAtomic(p, `${JSON.stringify(v, null, 2)}\n`),
  ): Promise<boolean> {
    try {
      await writer(path, value);
      return true;
    } catch (error) {
      await this.fail(`${basename(path)} could not be written`, error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  private async fail(message: string, detail: string): Promise<void> {
    await dialog.showMessageBox(this.window, { type: 'error', message, detail });
  }
}
