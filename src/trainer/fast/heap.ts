/**
 * One linear memory per model: data, weights, optimizer state and scratch all live in it, so
 * the wasm kernels and the JS glue address the same floats by index and nothing is allocated
 * per batch. Buffers are float indices into `f32` (and `u32` over the same bytes).
 */

/** Bytes of wasm's own static area at the start; index 0 doubles as "no buffer". */
const STATIC_BYTES = 65536;
/**
 * The wasm kernels' packing buffer, right after the static area: its byte offset and size. 512 KB
 * holds the 8 KB weight panel plus a 252-row block of a packed 512-wide layer input, so the
 * weight gradient of a batch of 200 at 512 wide runs in one row block.
 */
export const KERNEL_SCRATCH_BYTE_OFFSET = STATIC_BYTES;
export const KERNEL_SCRATCH_BYTES = 512 * 1024;
/** Bytes kept free before the first planned buffer. */
const RESERVED_BYTES = STATIC_BYTES + KERNEL_SCRATCH_BYTES;
const PAGE_BYTES = 65536;
/** wasm32 addresses at most 4 GiB. */
const MAX_PAGES = 65536;

/** Plans buffer offsets before the memory exists, 16-byte aligned for f32x4 loads. */
export class HeapLayout {
  private topFloats = RESERVED_BYTES / 4;

  /** Reserves `floats` floats and returns the float index of the first one. */
  alloc(floats: number): number {
    const at = this.topFloats;
    this.topFloats += Math.ceil(Math.max(floats, 1) / 4) * 4;
    return at;
  }

  /** Total bytes the planned buffers need. */
  get bytes(): number {
    return this.topFloats * 4;
  }

  /** Wasm pages needed, or undefined when the plan does not fit in 4 GiB. */
  get pages(): number | undefined {
    const pages = Math.ceil(this.bytes / PAGE_BYTES);
    return pages <= MAX_PAGES ? pages : undefined;
  }
}

/** The memory behind a model and typed views on it. */
export interface Heap {
  /** Set when the memory is a WebAssembly.Memory the wasm kernels can import. */
  readonly memory?: WebAssembly.Memory;
  readonly f32: Float32Array;
  readonly u32: Uint32Array;
}

/**
 * Creates a zeroed heap for `pages` pages: wasm memory when asked, else a plain ArrayBuffer. The
 * wasm memory is always shared (the kernels are built to import a shared one), so the model's
 * worker threads can work on it; single-threaded it runs at the same speed as an unshared one.
 */
export function createHeap(pages: number, forWasm: boolean): Heap {
  if (forWasm) {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    return { memory, f32: new Float32Array(memory.buffer), u32: new Uint32Array(memory.buffer) };
  }
  const buffer = new ArrayBuffer(pages * PAGE_BYTES);
  return { f32: new Float32Array(buffer), u32: new Uint32Array(buffer) };
}
