// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Besides style, this file enforces the dependency direction of the tree, as a build failure:
 *   model/  imports nothing of ours (only zod, yjs);
 *   client/ and server/ may import model/ but never each other.
 */
const outsideModel = ['../*', '../**', '!./**'];
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Plain JS scripts run on Node; TypeScript files get their globals from tsc instead.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['model/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: outsideModel, message: 'model/ imports nothing of ours: it is the shared schema both sides depend on.' }] }],
    },
  },
  {
    files: ['client/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server', '**/server/**'], message: 'client/ never imports server/: share code through model/.' }] }],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/client', '**/client/**'], message: 'server/ never imports client/: share code through model/.' }] }],
    },
  },
  {
    // The WebSocket contract lives in model/wire.ts; tests may spell the wire out.
    files: ['server/**', 'client/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'Literal[value>=4400][value<4500]', message: 'a close code: use CloseCode from model/wire.ts, the one place both sides read the wire from.' }],
    },
  },
);
