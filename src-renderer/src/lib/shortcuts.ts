/**
 * The lab's keyboard shortcuts: one table, which the key handler and the `?` overlay both read, so
 * the overlay lists exactly what the keys do.
 */

export type ShortcutAction = 'play' | 'step' | 'reset' | 'trails' | 'view' | 'camera' | 'help' | 'close';

export interface Shortcut {
  /** The keys as the overlay shows them. */
  keys: string[];
  /** `KeyboardEvent.key` values that trigger it (letters in either case). */
  match: string[];
  action: ShortcutAction;
  what: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Space'], match: [' '], action: 'play', what: 'Play / pause every run' },
  { keys: ['S'], match: ['s'], action: 'step', what: 'Step (as many steps as the speed says)' },
  { keys: ['R'], match: ['r'], action: 'reset', what: 'Reset every run to t = 0' },
  { keys: ['T'], match: ['t'], action: 'trails', what: 'Trails off / on' },
  { keys: ['V'], match: ['v'], action: 'view', what: 'Top-down 2D view / 3D view' },
  { keys: ['C'], match: ['c'], action: 'camera', what: 'Reset the camera' },
  { keys: ['?'], match: ['?'], action: 'help', what: 'Show these shortcuts' },
  { keys: ['Esc'], match: ['Escape'], action: 'close', what: 'Close this list' },
];

/** The action a key press asks for; null for a press with Ctrl, Alt or ⌘ (the browser's), or no shortcut. */
export function actionFor(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return SHORTCUTS.find((s) => s.match.includes(key))?.action ?? null;
}
