/**
 * The resume checkpoint of a run (`checkpoint.bin`, like Keras' BackupAndRestore): everything a
 * trainer needs to go on after the last checkpointed epoch as if it had never stopped. One file,
 * replaced atomically (write `checkpoint.bin.tmp`, rename), so a kill at any moment leaves either
 * the previous or the new checkpoint, never half of one. Format (docs/runs.md):
 *   "FWCK" · u32 version · u32 JSON byte length · JSON meta (UTF-8) · zero padding to 8 bytes ·
 *   the arrays back to back, little-endian, each at the byte offset the meta gives.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FitwatchError } from '../shared/location';
import { RUN_FILES } from '../shared/run';
import { errorMessage } from '../shared/error-message';

/** Bump when the meta or the array set changes meaning; older trainers refuse newer files. */
export const CHECKPOINT_VERSION = 1;

const MAGIC = 'FWCK';

/** A numeric array in the checkpoint: float32 (weights, optimizer slots) or uint32 (batch order). */
export type CheckpointArray = Float32Array | Uint32Array;

/** Callback state, as src/shared/callbacks snapshots it. */
export type CallbackState = Record<string, number | boolean | null>;

/** The JSON part: counters, scalars and RNG states (the arrays are named groups beside it). */
export interface CheckpointMeta {
  version: number;
  /** Completed epochs: a resume trains epoch `epochs` (0-based) next. */
  epochs: number;
  engine: string;
  /** Trainable parameter count, checked against the rebuilt model. */
  parameters: number;
  /** Training rows the batch order covers, checked against the reloaded data. */
  trainRows: number;
  learningRate: number;
  /** State of the loop's shuffle PRNG. */
  shuffleState: number;
  /** Engine scalars: dropout PRNG state, optimizer step counters. */
  engineScalars: number[];
  /** Best epoch by the loop's monitor, if any. */
  best?: { epoch: number; value: number };
  callbacks: { reduceLROnPlateau?: CallbackState; earlyStopping?: CallbackState };
  /** Loop timing totals, so the run's means stay right across resumes. */
  timing: { epochMsTotal: number; firstEpochMs?: number };
  /** Array groups: name → element type, then each array's offset and length. */
  arrays: { group: string; type: 'f32' | 'u32'; offset: number; length: number }[];
}

/** A checkpoint in memory. */
export interface Checkpoint {
  meta: Omit<CheckpointMeta, 'arrays' | 'version'>;
  /** Named groups: `weights`, `optimizer`, `order`, `bestWeights`, `esBestWeights`. */
  groups: Record<string, CheckpointArray[]>;
}

/** Encodes a checkpoint into one buffer. */
export function encodeCheckpoint(cp: Checkpoint): Buffer {
  const arrays: CheckpointMeta['arrays'] = [];
  const data: CheckpointArray[] = [];
  let offset = 0;
  for (const [group, list] of Object.entries(cp.groups)) {
    for (const a of list) {
      arrays.push({ group, type: a instanceof Uint32Array ? 'u32' : 'f32', offset, length: a.length });
      data.push(a);
      offset += a.length * 4;
    }
  }
  const meta: CheckpointMeta = { version: CHECKPOINT_VERSION, ...cp.meta, arrays };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = 12 + json.length;
  const start = Math.ceil(head / 8) * 8;
  const buf = Buffer.alloc(start + offset);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(CHECKPOINT_VERSION, 4);
  buf.writeUInt32LE(json.length, 8);
  json.copy(buf, 12);
  for (let i = 0; i < data.length; i++) {
    const a = data[i];
    buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + arrays[i].offset);
  }
  return buf;
}

function corrupt(path: string, why: string): FitwatchError {
  return new FitwatchError({
    code: 'runs/checkpoint-unreadable',
    message: `The checkpoint ${path} cannot be read: ${why}.`,
    fix: 'The run cannot be resumed from it; start a new run (its curves so far stay in the run folder).',
    location: { file: path },
  });
}

/** Decodes a checkpoint; throws a FitwatchError naming `path` when it is not one. */
export function decodeCheckpoint(buf: Buffer, path: string = RUN_FILES.checkpoint): Checkpoint & { meta: CheckpointMeta } {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw corrupt(path, 'it does not start with FWCK');
  const version = buf.readUInt32LE(4);
  if (version !== CHECKPOINT_VERSION) throw corrupt(path, `it is version ${version}, this Fitwatch reads version ${CHECKPOINT_VERSION}`);
  const jsonLength = buf.readUInt32LE(8);
  if (12 + jsonLength > buf.length) throw corrupt(path, 'it is truncated');
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(buf.toString('utf8', 12, 12 + jsonLength)) as CheckpointMeta;
  } catch (err) {
    throw corrupt(path, `its header is not JSON (${errorMessage(err)})`);
  }
  const start = Math.ceil((12 + jsonLength) / 8) * 8;
  const groups: Record<string, CheckpointArray[]> = {};
  for (const a of meta.arrays) {
    const from = start + a.offset;
    if (from + a.length * 4 > buf.length) throw corrupt(path, `array ${a.group} is truncated`);
    // Copy out: the file buffer's offset may not be 4-byte aligned, and the arrays outlive it.
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset + from, a.length * 4).slice();
    const arr = a.type === 'u32' ? new Uint32Array(bytes.buffer) : new Float32Array(bytes.buffer);
    (groups[a.group] ??= []).push(arr);
  }
  return { meta, groups };
}

/** Writes `checkpoint.bin` in `runDir` atomically; returns its size in bytes. */
export function writeCheckpoint(runDir: string, cp: Checkpoint): number {
  const path = join(runDir, RUN_FILES.checkpoint);
  const tmp = `${path}.tmp`;
  const buf = encodeCheckpoint(cp);
  try {
    writeFileSync(tmp, buf);
    renameSync(tmp, path);
  } catch (err) {
    // A full disk must not leave a half-written temporary file behind.
    rmSync(tmp, { force: true });
    throw err;
  }
  return buf.length;
}

/** Reads the checkpoint of `runDir`, or undefined when it has none. */
export function readCheckpoint(runDir: string): (Checkpoint & { meta: CheckpointMeta }) | undefined {
  const path = join(runDir, RUN_FILES.checkpoint);
  if (!existsSync(path)) return undefined;
  return decodeCheckpoint(readFileSync(path), path);
}

/** The float32 arrays of a group (empty when absent); throws if the group holds another type. */
export function floatGroup(cp: Checkpoint, group: string): Float32Array[] {
  const list = cp.groups[group] ?? [];
  return list.map((a, i) => {
    if (!(a instanceof Float32Array)) throw new Error(`checkpoint: ${group}[${i}] is not float32`);
    return a;
  });
}

/** The first uint32 array of a group, if any. */
export function uintArray(cp: Checkpoint, group: string): Uint32Array | undefined {
  const a = cp.groups[group]?.[0];
  return a instanceof Uint32Array ? a : undefined;
}
