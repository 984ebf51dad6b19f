// The main side's file helpers: one atomic writer (settings, sweep manifests), one JSON reader that
// says where a file stops being JSON (line and column counted by hand below).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsFile } from '../../src-main/electron/settings';
import { appendDurable, writeFileAtomic } from '../../src-main/files/durable';
import { MANIFEST_FILE, readManifest } from '../../src-main/sweep/sweep-manifest';

const dir = mkdtempSync(path.join(tmpdir(), 'sgd-durable-'));

describe('writeFileAtomic', () => {
  it('replaces a file with text or with chunks, leaving no temporary file', async () => {
    const file = path.join(dir, 'a.txt');
    await writeFileAtomic(file, 'old');
    await Promise.all([writeFileAtomic(file, ['n', 'e', 'w']), writeFileAtomic(path.join(dir, 'b.txt'), 'b')]);
    expect(readFileSync(file, 'utf8')).toBe('new');
    await appendDurable(file, '+1');
    expect(readFileSync(file, 'utf8')).toBe('new+1');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes many times in one millisecond without two writes sharing a temporary file', async () => {
    const file = path.join(dir, 'same.txt');
    const writes = Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, String(i).repeat(1000)));
    await Promise.all(writes);
    expect(readFileSync(file, 'utf8')).toMatch(/^(\d+)\1{999}$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('JSON files read with line and column', () => {
  it('a broken sweep manifest says where: line 2, column 8 of {⏎  "a": ,}', async () => {
    const folder = mkdtempSync(path.join(dir, 'sweep-'));
    writeFileSync(path.join(folder, MANIFEST_FILE), '{\n  "a": ,}');
    const message = await readManifest(folder);
    expect(message).toMatch(
      /is not a sweep manifest: not valid JSON: unexpected ",", expected a value at line 2, column 8$/,
    );
  });

  it('settings: a broken file falls back to the defaults; saving creates the folder and replaces the file', async () => {
    const folder = path.join(dir, 'user', 'data');
    const settings = new SettingsFile(folder);
    expect(await settings.load()).toEqual({ recent: [] });
    settings.addRecent('/x/a.lab.json');
    await settings.save();
    const file = path.join(folder, 'sgd-lab-settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ recent: ['/x/a.lab.json'] });
    writeFileSync(file, '{"recent": [');
    expect(await new SettingsFile(folder).load()).toEqual({ recent: [] });
    expect(readdirSync(folder)).toEqual(['sgd-lab-settings.json']);
  });
});
