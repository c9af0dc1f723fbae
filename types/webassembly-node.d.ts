/**
 * The part of the WebAssembly JS API the fast engine uses. TypeScript declares WebAssembly only
 * in lib.dom, and node code is type-checked without DOM (tsconfig.node.json) so that a browser
 * API used in the trainer is an error; Node has had these globals since v8.
 */
declare namespace WebAssembly {
  /** A compiled module. */
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  /** An instantiated module and its exports. */
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  /** Linear memory, in 64 KiB pages. */
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  /** Whether the bytes are a valid module for this runtime (the fast engine's relaxed-SIMD probe). */
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
