/** The keyboard shortcuts: which key asks for what, and that the overlay's table covers every action. */
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, actionFor } from '../../src-renderer/src/lib/shortcuts';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  actionFor({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
  it('maps each key, in either case, to its action', () => {
    expect(press(' ')).toBe('play');
    expect(press('s')).toBe('step');
    expect(press('S')).toBe('step');
    expect(press('r')).toBe('reset');
    expect(press('T')).toBe('trails');
    expect(press('v')).toBe('view');
    expect(press('c')).toBe('camera');
    expect(press('?')).toBe('help');
    expect(press('Escape')).toBe('close');
    expect(press('x')).toBeNull();
  });

  it('leaves the browser its own shortcuts (Ctrl, Alt, ⌘)', () => {
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('s', { metaKey: true })).toBeNull();
    expect(press('c', { altKey: true })).toBeNull();
  });

  it('lists one line per action, each with its keys', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const s of SHORTCUTS) expect(s.keys.length).toBeGreaterThan(0);
  });
});
