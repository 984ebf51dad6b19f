/**
 * A vite plugin that drops what three.js's GLSL chunks carry only for their readers: the tabs that
 * indent each line, lines that hold only a `//` comment, and empty lines (~9 kB of the page's
 * JavaScript; issue #19 holds it under 1.2 MB). Only three's two build files are touched, line by
 * line: in their JavaScript the minifier drops the same whitespace and comments anyway, and in their
 * shader template strings GLSL ignores them (a preprocessor line may start anywhere on its line; each
 * line keeps its newline). A comment line holding a backtick or `${` is left, so no template is cut.
 */
import type { Plugin } from 'vite';

const THREE_BUILD = /[\\/]node_modules[\\/]three[\\/]build[\\/]three\.(core|module)\.js$/;

/** `code` with every line's leading tabs, comment-only lines and empty lines removed. */
export function trimGlslLines(code: string): string {
  return code
    .split('\n')
    .map((line) => line.replace(/^\t+/, ''))
    .filter((line) => line.trim() !== '' && !/^\s*\/\/[^`$]*$/.test(line))
    .join('\n')
    .replace(/\\n(?:\\t)+/g, '\\n');
}

export function threeGlslTrim(): Plugin {
  return {
    name: 'sgd-lab:three-glsl-trim',
    apply: 'build',
    transform: (code, id) => (THREE_BUILD.test(id) ? { code: trimGlslLines(code), map: null } : null),
  };
}
