// Lint rules that carry the architecture: `vscode` only in src/host/ (and its feature folders) and src/extension.ts,
// tfjs only in the trainer, and no `any` anywhere.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/host/ and src/extension.ts may import vscode.' };
const noTfjs = { group: ['@tensorflow/*'], message: 'Only src/trainer/ may load tfjs (the extension host never does).' };
const noNode = { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'worker_threads'], message: 'This folder is pure: no node imports.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', 'test-results/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs] }],
    },
  },
  {
    files: ['src/host/**/*.ts', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTfjs] }] },
  },
  {
    files: ['src/trainer/**/*.ts', 'tools/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    // The in-editor suite runs inside the extension host and drives the real vscode API.
    files: ['test/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTfjs] }] },
  },
  {
    files: ['src/trainer/client.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs] }] },
  },
  {
    files: ['src/shared/**/*.ts', 'src/coach/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs, noNode] }] },
  },
);
