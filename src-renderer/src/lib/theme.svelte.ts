/** Follows the OS light/dark preference; the CSS does the same through prefers-color-scheme. */
import type { Theme } from '../scene/LabScene';

const query = window.matchMedia('(prefers-color-scheme: dark)');

class ThemeState {
  dark = $state(query.matches);

  constructor() {
    query.addEventListener('change', (e) => (this.dark = e.matches));
  }

  get scene(): Theme {
    return this.dark
      ? { dark: true, background: '#111318', text: '#c9ced8' }
      : { dark: false, background: '#f3f4f7', text: '#30343c' };
  }
}

export const theme = new ThemeState();
