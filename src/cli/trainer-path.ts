/**
 * Which trainer bundle the CLI forks. The bundled one (dist/trainer.js, tfjs inside, what the VS
 * Code extension ships) unless the native backend is in play: where npm installed
 * @tensorflow/tfjs-node, or when `--backend tensorflow` asks for it, the CLI forks
 * dist/trainer-native.js, which loads tfjs from node_modules so tfjs-node registers with it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BackendChoice } from '../shared/spec';

/** Whether a package resolves from `fromFile` (resolved only, never loaded: loading libtensorflow is the child's job). */
export type Resolves = (pkg: string) => boolean;

/** Resolves from beside the CLI bundle, as the forked trainer will. */
export function resolvesBeside(fromFile: string): Resolves {
  const req = createRequire(fromFile);
  return (pkg) => {
    try {
      req.resolve(pkg);
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * The trainer for this backend choice, or undefined for the default (dist/trainer.js beside the
 * CLI). `distDir` holds the bundles.
 */
export function cliTrainerPath(distDir: string, backend: BackendChoice | undefined, resolves: Resolves): string | undefined {
  const native = join(distDir, 'trainer-native.js');
  if (!existsSync(native) || !resolves('@tensorflow/tfjs')) return undefined;
  if (backend === 'tensorflow' || ((backend === undefined || backend === 'auto') && resolves('@tensorflow/tfjs-node'))) return native;
  return undefined;
}
