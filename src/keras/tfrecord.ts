/**
 * TFRecord framing, the container of TensorBoard event files: per record a little-endian
 * uint64 length, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the
 * data. Both checksums are checked. A record cut off at the end of the bytes is not an error:
 * a live writer is in the middle of it, and a tail reads it on the next change. Pure.
 */
import { FitwatchError } from '../shared/location';
import { maskedCrc32c } from './crc32c';

/** The complete records in `bytes`, and how many bytes they took (where the next read starts). */
export interface TfRecords {
  records: Uint8Array[];
  consumed: number;
}

/** Length (8) + its CRC (4). */
const HEADER = 12;
/** No TensorBoard record comes near this; a bigger length means the file is not TFRecord. */
const MAX_RECORD = 1 << 30;

function corrupt(file: string, offset: number, what: string): never {
  throw new FitwatchError({
    code: 'tensorboard/corrupt-record',
    message: `${file}: the TFRecord at byte ${offset} ${what}, so the event file is damaged or is not a TensorBoard event file.`,
    fix: 'Point Fitwatch at the logdir that the TensorBoard callback or SummaryWriter wrote (files named events.out.tfevents.*); a file cut by a crash loses only its last record.',
    location: { file, offset, length: 0 },
  });
}

/** Splits `bytes` (from `baseOffset` in the file, for messages) into records; throws a located FitwatchError on a bad checksum. */
export function readTfRecords(bytes: Uint8Array, file: string, baseOffset = 0): TfRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at + HEADER <= bytes.length) {
    const low = view.getUint32(at, true);
    const high = view.getUint32(at + 4, true);
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes, at, at + 8)) corrupt(file, baseOffset + at, 'has a length whose checksum does not match');
    if (high !== 0 || low > MAX_RECORD) corrupt(file, baseOffset + at, `claims ${high !== 0 ? 'more than 4 GB' : `${low} bytes`}`);
    const end = at + HEADER + low + 4;
    if (end > bytes.length) break; // still being written
    if (view.getUint32(at + HEADER + low, true) !== maskedCrc32c(bytes, at + HEADER, at + HEADER + low))
      corrupt(file, baseOffset + at, 'has data whose checksum does not match');
    records.push(bytes.subarray(at + HEADER, at + HEADER + low));
    at = end;
  }
  return { records, consumed: at };
}
