// Lint rules, including the side boundaries: the renderer never reaches Node, Electron or the main
// side; the project's shared/ has no Node or DOM code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'net', 'crypto', 'url'];
const forbid = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(
      [...nodeModules, 'electron', '@tensorflow/*', '**/src-main/**', 'ws'],
      'The renderer talks to the lab only through LabApi (shared/contract).',
    ),
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: forbid(
      [...nodeModules, 'electron', '@tensorflow/*', '**/src-main/**', '**/src-renderer/**', 'ws'],
      'shared/ holds code both sides import: no Node, DOM, Electron or engine code.',
    ),
  },
  {
    files: ['src-main/electron/**', 'src-main/host/**', 'src-main/engine/**'],
    rules: forbid(
      ['**/server/**', 'ws'],
      'The browser transport (src-main/server) is one client of the lab: the desktop shell, the host and the engine do not import it.',
    ),
  },
);
