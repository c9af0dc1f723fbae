/**
 * Picks and initialises the tfjs backend. In the bundled trainer (the VS Code extension) `auto`
 * is WebAssembly, then plain JS: VS Code never runs npm, so the native binding cannot be there.
 * In the CLI's native trainer `auto` prefers tfjs-node, then WebAssembly, then plain JS. The reason
 * for every fallback is kept so the host can show it. See docs/backends.md.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { FitwatchError } from '../shared/location';
import type { BackendChoice } from '../shared/spec';
import { TFJS_BUNDLED } from './tfjs-flavour';

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

/** The folder holding the `.wasm` binaries: beside the bundle, or in the package when tfjs is external. */
export function wasmBinaryFolder(): string {
  if (TFJS_BUNDLED) return __dirname + '/';
  const entry = nodeRequire.resolve('@tensorflow/tfjs-backend-wasm');
  // The Node entry is `<pkg>/dist/tf-backend-wasm.node.js`; the binaries sit next to it.
  return dirname(entry) + '/';
}

let wasmPathsSet = false;

/** Why the bundled trainer has no `tensorflow` backend: a tfjs-node beside it would register with another tfjs. */
const NATIVE_NOT_IN_EXTENSION = 'the native TensorFlow backend (@tensorflow/tfjs-node) is not part of the VS Code extension';

/** The backends `auto` tries, in order. */
export function autoOrder(): ActiveBackend[] {
  return TFJS_BUNDLED ? ['wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
}

async function tryBackend(name: ActiveBackend, versions: Record<string, string>): Promise<void> {
  if (name === 'tensorflow') {
    if (TFJS_BUNDLED) throw new Error(NATIVE_NOT_IN_EXTENSION);
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
  if (name === 'tensorflow' && /Cannot find module/.test(msg)) return '@tensorflow/tfjs-node is not installed (optional)';
  return `${name} failed: ${msg}`;
}

/** What the user can do when an explicit backend fails: only advise npm where npm is how this trainer got its packages. */
function backendFix(choice: BackendChoice): string {
  if (choice !== 'tensorflow') return 'Choose "backend": "auto" or "cpu".';
  if (TFJS_BUNDLED) {
    return 'In VS Code choose "backend": "auto" (WebAssembly) or the fast engine. The native backend is for the command line: in a checkout where `npm install @tensorflow/tfjs-node` succeeded, `node dist/cli.js train <spec> --backend tensorflow` uses it.';
  }
  return 'Install it in this checkout (`npm install @tensorflow/tfjs-node`; its install downloads libtensorflow) or choose "backend": "auto".';
}

/**
 * Initialises the chosen backend. An explicit choice that fails is a FitwatchError saying why;
 * `auto` falls through tensorflow → wasm → cpu and reports the reasons.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  // Production mode: no debug checks, and no "install tfjs-node" banner on the child's stderr.
  tf.enableProdMode();
  const versions: Record<string, string> = { tfjs: tf.version.tfjs, node: process.versions.node };
  const order: ActiveBackend[] = choice === 'auto' ? autoOrder() : [choice];
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
    fix: backendFix(choice),
    location: { file: '<settings>', jsonPath: ['backend'] },
  });
}
