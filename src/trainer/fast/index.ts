/** The fast MLP engine: what it supports and how to build one (see ./model.ts). */
export { fastEngineSupports } from './supports';
export { createFastModel, FastModel, type FastData, type FastModelOptions } from './model';
export { fastKernelStatus } from './kernels-wasm';
export { defaultMaxThreads } from './default-threads';
