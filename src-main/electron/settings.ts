/**
 * What the desktop app remembers between sessions (window bounds, recent files), as one JSON file in
 * the user-data folder, written atomically (a temporary file renamed over the old one).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseJson } from '../../shared/experiment/json';
import { writeFileAtomic } from '../files/durable';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Settings {
  bounds?: Bounds;
  maximized?: boolean;
  recent: string[];
}

export const MAX_RECENT = 10;

function isBounds(b: unknown): b is Bounds {
  if (typeof b !== 'object' || b === null) return false;
  const r = b as Record<string, unknown>;
  return (
    ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(r[k])) &&
    (r.width as number) > 200 &&
    (r.height as number) > 150
  );
}

export class SettingsFile {
  private readonly path: string;
  value: Settings = { recent: [] };

  constructor(folder: string) {
    this.path = join(folder, 'sgd-lab-settings.json');
  }

  /** Reads the file; anything missing or malformed falls back to the defaults. */
  async load(): Promise<Settings> {
    try {
      const raw = parseJson(await readFile(this.path, 'utf8')) as Record<string, unknown>;
      this.value = {
        ...(isBounds(raw.bounds) ? { bounds: raw.bounds } : {}),
        maximized: raw.maximized === true,
        recent: Array.isArray(raw.recent)
          ? raw.recent.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT)
          : [],
      };
    } catch {
      this.value = { recent: [] };
    }
    return this.value;
  }

  async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify(this.value, null, 2)}\n`);
  }

  addRecent(path: string): void {
    this.value.recent = [path, ...this.value.recent.filter((p) => p !== path)].slice(0, MAX_RECENT);
  }
}
