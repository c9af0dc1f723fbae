// Lint rules that carry the architecture (ARCHITECTURE.md's table of who may import what): `vscode` only in
// src/host/ and src/extension.ts, tfjs only in the trainer, src/host only from itself, the pure folders
// without node, src/shared and the webview importing no other src folder, and no `any` anywhere.
// test/unit/lint/import-rules.test.ts proves each rule fires.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/host/ and src/extension.ts may import vscode.' };
const noTfjs = { group: ['@tensorflow/*'], message: 'Only src/trainer/ may load tfjs (the extension host never does).' };
const noHost = { group: ['**/host', '**/host/**'], message: 'Only src/extension.ts and src/host/ itself may import src/host/ (it may load vscode); put shared logic in a pure folder.' };
const noNode = { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'worker_threads'], message: 'This folder is pure: no node imports.' };
/** The src folders other than src/shared, as a relative import names them. */
const otherSrc = ['trainer', 'coach', 'data', 'runs', 'keras', 'cli', 'webview', 'host'].flatMap((f) => ['../', '../../', '../../../'].flatMap((up) => [`${up}${f}`, `${up}${f}/**`]));
/** node's I/O modules: the Keras logic may compute paths (node:path), but reads and spawns only in its *-node.ts files. */
const noNodeIo = { group: ['node:*', '!node:path', 'fs', 'child_process', 'os', 'worker_threads'], message: 'Node I/O belongs in a *-node.ts file of this folder.' };
const onlyShared = (who) => ({ group: otherSrc, message: `${who} imports only src/shared (and pure libraries) among Fitwatch's folders.` });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', 'test-results/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs, noHost] }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error, and a switch over a union that
    // misses a member (a new RunEvent kind, a new message) must not compile silently. node:test's
    // test()/describe() are awaited by the runner itself.
    files: ['**/*.ts'],
    ignores: ['src/trainer/fast/wasm/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'it', 'describe', 'suite', 'before', 'after'], package: 'node:test' }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
    },
  },
  {
    files: ['src/host/**/*.ts', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTfjs] }] },
  },
  {
    files: ['tools/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/trainer/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noHost] }] },
  },
  {
    // The in-editor suite runs inside the extension host and drives the real vscode API.
    files: ['test/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTfjs] }] },
  },
  {
    files: ['src/trainer/client.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs, noHost] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs, noNode, noHost, onlyShared('src/shared')] }] },
  },
  {
    files: ['src/coach/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs, noNode, noHost, onlyShared('src/coach')] }] },
  },
  {
    // The panel's browser code: DOM and uPlot, never node.
    files: ['src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs, noNode, noHost, onlyShared('src/webview')] }] },
  },
  {
    // The Keras logic runs in the host and the CLI; node I/O only in the *-node.ts files.
    files: ['src/keras/**/*.ts'],
    ignores: ['src/keras/**/*-node.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs, noNodeIo, noHost] }] },
  },
);
