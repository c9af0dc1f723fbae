/**
 * NumPy `.npy` files (format versions 1–3): the header dictionary and the C-order data as
 * numbers. See numpy/lib/format.py for the layout.
 */
import { FitwatchError } from '../shared/location';

/** A parsed array: `values` in C order, `shape` as in NumPy. */
export interface NpyArray {
  dtype: string;
  shape: number[];
  values: ArrayLike<number>;
}

type Reader = (bytes: ArrayBuffer, n: number) => ArrayLike<number>;

const toNumbers = (big: BigInt64Array | BigUint64Array): Float64Array => {
  const out = new Float64Array(big.length);
  for (let i = 0; i < big.length; i++) out[i] = Number(big[i]);
  return out;
};

/** Supported dtypes (little-endian or byte-order-free) and how to view their bytes. */
const DTYPES: Record<string, { size: number; read: Reader }> = {
  '<f4': { size: 4, read: (b, n) => new Float32Array(b, 0, n) },
  '<f8': { size: 8, read: (b, n) => new Float64Array(b, 0, n) },
  '<i1': { size: 1, read: (b, n) => new Int8Array(b, 0, n) },
  '|i1': { size: 1, read: (b, n) => new Int8Array(b, 0, n) },
  '<i2': { size: 2, read: (b, n) => new Int16Array(b, 0, n) },
  '<i4': { size: 4, read: (b, n) => new Int32Array(b, 0, n) },
  '<i8': { size: 8, read: (b, n) => toNumbers(new BigInt64Array(b, 0, n)) },
  '<u1': { size: 1, read: (b, n) => new Uint8Array(b, 0, n) },
  '|u1': { size: 1, read: (b, n) => new Uint8Array(b, 0, n) },
  '<u2': { size: 2, read: (b, n) => new Uint16Array(b, 0, n) },
  '<u4': { size: 4, read: (b, n) => new Uint32Array(b, 0, n) },
  '<u8': { size: 8, read: (b, n) => toNumbers(new BigUint64Array(b, 0, n)) },
  '|b1': { size: 1, read: (b, n) => new Uint8Array(b, 0, n) },
};

/** The dtypes `parseNpy` reads. */
export const NPY_DTYPES = Object.keys(DTYPES);

function fail(file: string, code: string, message: string, fix: string): never {
  throw new FitwatchError({ code, message: `${file}: ${message}`, fix, location: { file } });
}

/** Parses a whole `.npy` file; `file` names it in errors. */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) {
    fail(file, 'data/npy-bad-magic', 'is not a NumPy .npy file (it does not start with \\x93NUMPY).', 'Save the array with numpy.save(), or use a .csv file.');
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLen: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail(file, 'data/npy-truncated', 'the header is cut off.', 'Save the array again with numpy.save().');
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    fail(
      file,
      'data/npy-version',
      `uses .npy format version ${major}.${bytes[7]}, which is not supported (1, 2 and 3 are).`,
      'Save it again with numpy.save() from a current NumPy.',
    );
  }
  if (headerStart + headerLen > bytes.length) fail(file, 'data/npy-truncated', 'the header is cut off.', 'Save the array again with numpy.save().');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLen));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  if (descr === undefined) {
    fail(
      file,
      'data/npy-dtype',
      `has a structured dtype (${header.trim()}), which is not supported.`,
      'Save a plain numeric array, e.g. numpy.save(path, arr.astype("float32")).',
    );
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  if (fortran === 'True') {
    fail(
      file,
      'data/npy-fortran-order',
      'is stored in Fortran (column-major) order, which is not supported.',
      'Save it in C order: numpy.save(path, numpy.ascontiguousarray(arr)).',
    );
  }
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (shapeText === undefined) fail(file, 'data/npy-header', `has a header without a shape: ${header.trim()}.`, 'Save the array again with numpy.save().');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0))
    fail(file, 'data/npy-header', `has an unreadable shape (${shapeText}).`, 'Save the array again with numpy.save().');
  const dtype = DTYPES[descr];
  if (!dtype) {
    const hint = descr.startsWith('>') ? ' It is big-endian.' : '';
    fail(
      file,
      'data/npy-dtype',
      `has dtype ${JSON.stringify(descr)}, which is not supported.${hint} Supported: ${NPY_DTYPES.join(' ')}.`,
      'Convert it first, e.g. numpy.save(path, arr.astype("<f4")).',
    );
  }
  const n = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  const need = n * dtype.size;
  if (bytes.length - dataStart < need) {
    fail(
      file,
      'data/npy-truncated',
      `is truncated: shape (${shape.join(', ')}) of ${descr} needs ${need} data bytes, the file has ${bytes.length - dataStart}.`,
      'Copy or save the file again.',
    );
  }
  const copy = new ArrayBuffer(need); // a fresh buffer is aligned for any element size
  new Uint8Array(copy).set(bytes.subarray(dataStart, dataStart + need));
  return { dtype: descr, shape, values: dtype.read(copy, n) };
}

/** Writes a `.npy` (version 1) for tests and exports: little-endian, C order. */
export function encodeNpy(dtype: string, shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  const d = DTYPES[dtype];
  if (!d) throw new Error(`encodeNpy: unsupported dtype ${dtype}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const n = values.length;
  const out = new Uint8Array(10 + header.length + n * d.size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    switch (dtype) {
      case '<f4':
        body.setFloat32(i * 4, v, true);
        break;
      case '<f8':
        body.setFloat64(i * 8, v, true);
        break;
      case '<i1':
      case '|i1':
        body.setInt8(i, v);
        break;
      case '<i2':
        body.setInt16(i * 2, v, true);
        break;
      case '<i4':
        body.setInt32(i * 4, v, true);
        break;
      case '<i8':
        body.setBigInt64(i * 8, BigInt(v), true);
        break;
      case '<u2':
        body.setUint16(i * 2, v, true);
        break;
      case '<u4':
        body.setUint32(i * 4, v, true);
        break;
      case '<u8':
        body.setBigUint64(i * 8, BigInt(v), true);
        break;
      default:
        body.setUint8(i, v);
    }
  }
  return out;
}
