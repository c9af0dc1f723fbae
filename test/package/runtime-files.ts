/**
 * What the installed extension loads at run time, read from the built bundles and package.json,
 * so the package test can hold `vsce ls` against it.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bundles the extension runs: the host, the trainer child process, the CLI (task type), the panel script. */
export const BUNDLES = ['dist/extension.js', 'dist/trainer.js', 'dist/cli.js', 'dist/predict.js', 'dist/webview.js'] as const;

/**
 * Packages a bundle may require that the VSIX deliberately does not ship, with the reason.
 * Anything else a bundle requires from node_modules must be packaged.
 */
export const NOT_SHIPPED: Record<string, string> = {
  vscode: 'provided by the editor',
  '@tensorflow/tfjs-node': 'the bundled trainer never loads it (TFJS_BUNDLED); native TensorFlow is for the CLI only, see docs/backends.md',
  encoding: "node-fetch's optional charset converter, required inside try/catch; tfjs never fetches non-UTF-8 text here",
};

/** Files a bundle names that the VSIX deliberately leaves out, with the reason. */
export const FILES_NOT_SHIPPED: Record<string, string> = {
  'trainer-native.js':
    'the CLI forks it only where npm installed @tensorflow/tfjs (a checkout); in the extension it resolves nothing and the CLI forks trainer.js',
};

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Bare package names a CommonJS bundle requires at run time (Node built-ins left out). */
export function requiredPackages(bundleText: string): string[] {
  const names = new Set<string>();
  for (const m of bundleText.matchAll(/\brequire\("([^"./][^"]*)"\)/g)) {
    const spec = m[1];
    if (builtins.has(spec)) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names].sort();
}

/** File names (no folder) a bundle names as string literals, for the kinds of file loaded by path. */
export function referencedFileNames(bundleText: string): string[] {
  const names = new Set<string>();
  for (const m of bundleText.matchAll(/["'`](?:[\w.-]+\/)*([\w.-]+\.(?:wasm|js|cjs|css|py|png|json|md))["'`]/g)) names.add(m[1]);
  return [...names].sort();
}

/** Paths package.json points at inside the extension (main, icon, schemas, walkthrough media). */
export function manifestPaths(repo: string): string[] {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    main: string;
    icon?: string;
    contributes?: {
      jsonValidation?: { url: string }[];
      walkthroughs?: { steps: { media?: { markdown?: string; image?: string | Record<string, string>; svg?: string } }[] }[];
    };
  };
  const out = [pkg.main, pkg.icon ?? ''];
  for (const v of pkg.contributes?.jsonValidation ?? []) out.push(v.url);
  for (const w of pkg.contributes?.walkthroughs ?? []) {
    for (const s of w.steps) {
      const media = s.media ?? {};
      for (const v of [media.markdown, media.svg, ...(typeof media.image === 'object' ? Object.values(media.image) : [media.image])]) {
        if (v) out.push(v);
      }
    }
  }
  return out.filter((p) => p && !/^https?:/.test(p)).map((p) => p.replace(/^\.\//, ''));
}
