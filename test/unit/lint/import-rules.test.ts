/**
 * The architecture's import rules (eslint.config.mjs, ARCHITECTURE.md's table) fire where they
 * should and stay quiet where imports are allowed: each case lints a one-line file as if it
 * lived at the given path, with the repository's own config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const REPO = join(__dirname, '..', '..', '..');
/** The typed rules need files of the project on disk; these one-line virtual files lint without them. */
const UNTYPED = {
  languageOptions: { parserOptions: { projectService: false } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'off',
    '@typescript-eslint/no-misused-promises': 'off',
    '@typescript-eslint/switch-exhaustiveness-check': 'off',
  },
} as const;
const eslint = new ESLint({ cwd: REPO, overrideConfig: UNTYPED });

/** The no-restricted-imports messages for `code` placed at `file`. */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: join(REPO, file) });
  assert.deepEqual(
    result.messages.filter((m) => m.fatal),
    [],
    'the file parses',
  );
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; code: string; fires: RegExp | undefined }[] = [
  { file: 'src/trainer/zz.ts', code: "import * as x from 'vscode';", fires: /Only src\/host\/ and src\/extension.ts may import vscode/ },
  { file: 'src/cli/zz.ts', code: "import * as x from 'vscode';", fires: /may import vscode/ },
  { file: 'src/host/zz.ts', code: "import * as x from 'vscode';", fires: undefined },
  { file: 'src/host/zz.ts', code: "import * as x from '@tensorflow/tfjs';", fires: /Only src\/trainer\/ may load tfjs/ },
  { file: 'src/trainer/zz.ts', code: "import * as x from '@tensorflow/tfjs';", fires: undefined },
  { file: 'src/cli/zz.ts', code: "import * as x from '../host/settings';", fires: /may import src\/host/ },
  { file: 'src/shared/zz.ts', code: "import * as x from 'node:fs';", fires: /no node imports/ },
  { file: 'src/shared/zz.ts', code: "import * as x from '../trainer/loop';", fires: /src\/shared imports only src\/shared/ },
  { file: 'src/shared/protocol/zz.ts', code: "import * as x from './trainer';", fires: undefined },
  { file: 'src/coach/zz.ts', code: "import * as x from '../data/load-dataset';", fires: /src\/coach imports only src\/shared/ },
  { file: 'src/coach/rules/zz.ts', code: "import * as x from '../../shared/findings';", fires: undefined },
  { file: 'src/webview/zz.ts', code: "import * as x from 'node:path';", fires: /no node imports/ },
  { file: 'src/webview/zz.ts', code: "import * as x from '../coach/index';", fires: /src\/webview imports only src\/shared/ },
  { file: 'src/keras/zz.ts', code: "import * as x from 'node:child_process';", fires: /Node I\/O belongs in a \*-node.ts file/ },
  { file: 'src/keras/zz.ts', code: "import * as x from 'node:path';", fires: undefined },
  { file: 'src/keras/zz-node.ts', code: "import * as x from 'node:child_process';", fires: undefined },
];

for (const c of cases) {
  test(`${c.file}: ${c.code} → ${c.fires ? 'refused' : 'allowed'}`, async () => {
    const messages = await restricted(c.file, c.code);
    if (c.fires)
      assert.ok(
        messages.some((m) => c.fires?.test(m)),
        `expected ${c.fires}, got ${JSON.stringify(messages)}`,
      );
    else assert.deepEqual(messages, []);
  });
}

/** The type-aware rules, on real files of the project (the project service reads them from disk). */
test('type-aware lint refuses a floating promise and a switch that misses a union member, and allows node:test calls', async () => {
  const dir = mkdtempSync(join(REPO, 'test', 'unit', 'lint', 'typed-lint-'));
  try {
    const file = join(dir, 'typed.ts');
    writeFileSync(
      file,
      [
        "import { test } from 'node:test';",
        'type Kind = "a" | "b";',
        'export function name(k: Kind): string {',
        '  switch (k) {',
        "    case 'a':",
        "      return 'A';",
        '  }',
        "  return '';",
        '}',
        'async function work(): Promise<void> {}',
        'export function start(): void {',
        '  work();',
        '}',
        "test('a test', () => undefined);",
        '',
      ].join('\n'),
    );
    const [result] = await new ESLint({ cwd: REPO }).lintFiles([file]);
    const rules = result.messages.map((m) => `${m.ruleId}@${m.line}`);
    assert.deepEqual(rules.sort(), ['@typescript-eslint/no-floating-promises@12', '@typescript-eslint/switch-exhaustiveness-check@4']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
