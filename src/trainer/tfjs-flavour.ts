/**
 * Whether tfjs is bundled into this trainer (dist/trainer.js, the one the VS Code extension ships)
 * or loaded from node_modules (dist/trainer-native.js, forked by the CLI where npm installed
 * @tensorflow/tfjs-node). scripts/build.mjs defines the constant; run from source (tsx) it is absent.
 */
declare const __FITWATCH_TFJS_BUNDLED__: boolean | undefined;

/** True in the bundled trainer: tfjs-node cannot register with this tfjs, and its .wasm files sit beside the bundle. */
export const TFJS_BUNDLED: boolean = typeof __FITWATCH_TFJS_BUNDLED__ !== 'undefined' && __FITWATCH_TFJS_BUNDLED__;
