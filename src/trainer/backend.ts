/**
 * Picks and initialises the tfjs backend. `auto` prefers the native TensorFlow binding, then
 * WebAssembly, then plain JS; the reason for every fallback is kept so the host can show it.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { FitwatchError } from '../shared/location';
import type { BackendChoice } from '../shared/spec';

/** A backend that actually runs. */
export type ActiveBackend = 'tensorflow' | 'wasm' | 'cpu';

/** What `selectBackend` settled on. */
export interface BackendSelection {
  backend: ActiveBackend;
  /** Why `auto` did not get its first choice, joined when several fell through. */
  fallbackReason?: string;
  versions: Record<string, string>;
  /** WebAssembly features the wasm backend uses under this Node (threads are off in Node in tfjs 4.22). */
  wasm?: { simd: boolean; threads: boolean };
}

// A real require (not the bundler's) so optional, external packages resolve from node_modules at run time.
const nodeRequire = createRequire(__filename);

/** Loads `@tensorflow/tfjs-node`, which registers the `tensorflow` backend; throws if absent. */
function loadTensorflowBinding(): string {
  const mod: unknown = nodeRequire('@tensorflow/tfjs-node');
  const version = (mod as { version?: Record<string, string> }).version?.['tfjs-node'];
  return version ?? 'unknown';
}

/** The folder holding the `.wasm` binaries, found via the package so it works from `dist/*.js`. */
export function wasmBinaryFolder(): string {
  const entry = nodeRequire.resolve('@tensorflow/tfjs-backend-wasm');
  // The Node entry is `<pkg>/dist/tf-backend-wasm.node.js`; the binaries sit next to it.
  return dirname(entry) + '/';
}

let wasmPathsSet = false;

async function tryBackend(name: ActiveBackend, versions: Record<string, string>): Promise<void> {
  if (name === 'tensorflow') {
    versions['tfjs-node'] = loadTensorflowBinding();
  } else if (name === 'wasm') {
    if (!wasmPathsSet) {
      setWasmPaths(wasmBinaryFolder());
      wasmPathsSet = true;
    }
    versions['tfjs-backend-wasm'] = version_wasm;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`backend is '${tf.getBackend()}' after setBackend('${name}')`);
}

function reasonOf(name: ActiveBackend, err: unknown): string {
  const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
  if (name === 'tensorflow' && /Cannot find module/.test(msg)) return '@tensorflow/tfjs-node is not installed';
  return `${name} failed: ${msg}`;
}

/**
 * Initialises the chosen backend. An explicit choice that fails is a FitwatchError saying why;
 * `auto` falls through tensorflow → wasm → cpu and reports the reasons.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  // Production mode: no debug checks, and no "install tfjs-node" banner on the child's stderr.
  tf.enableProdMode();
  const versions: Record<string, string> = { tfjs: tf.version.tfjs, node: process.versions.node };
  const order: ActiveBackend[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  const reasons: string[] = [];
  for (const name of order) {
    try {
      await tryBackend(name, versions);
      const selection: BackendSelection = { backend: name, versions };
      if (reasons.length > 0) selection.fallbackReason = reasons.join('; ');
      if (name === 'wasm') {
        selection.wasm = {
          simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
          threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
        };
        versions['wasm-simd'] = String(selection.wasm.simd);
        versions['wasm-threads'] = String(selection.wasm.threads);
      }
      return selection;
    } catch (err) {
      reasons.push(reasonOf(name, err));
    }
  }
  throw new FitwatchError({
    code: 'trainer/backend-unavailable',
    message: `The ${choice} backend could not start: ${reasons.join('; ')}.`,
    fix: choice === 'tensorflow'
      ? 'Install @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node) or choose "backend": "auto".'
      : 'Choose "backend": "auto" or "cpu".',
    location: { file: '<settings>', jsonPath: ['backend'] },
  });
}
