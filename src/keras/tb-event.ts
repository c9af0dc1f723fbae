/**
 * TensorBoard's `Event` / `Summary` protobufs, decoded with protobufjs from a checked-in subset
 * of tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto and
 * tensor_shape.proto (same field numbers; the fields a scalar reader never needs are left out
 * and skipped by the decoder). Scalars come as `simple_value` (torch, tensorboardX, Lightning,
 * TF1) or as a scalar tensor (TF2 `tf.summary.scalar`, so Keras' TensorBoard callback). Pure.
 */
import { Root, type Type } from 'protobufjs/light';

/** The descriptor subset; field names as protobufjs spells them (camelCase of the .proto names). */
const DESCRIPTOR = {
  nested: {
    tensorboard: {
      nested: {
        Event: {
          oneofs: { what: { oneof: ['fileVersion', 'graphDef', 'summary'] } },
          fields: {
            wallTime: { type: 'double', id: 1 },
            step: { type: 'int64', id: 2 },
            fileVersion: { type: 'string', id: 3 },
            graphDef: { type: 'bytes', id: 4 },
            summary: { type: 'Summary', id: 5 },
          },
        },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
          nested: {
            Value: {
              oneofs: { value: { oneof: ['simpleValue', 'obsoleteOldStyleHistogram', 'tensor'] } },
              fields: {
                nodeName: { type: 'string', id: 7 },
                tag: { type: 'string', id: 1 },
                metadata: { type: 'SummaryMetadata', id: 9 },
                simpleValue: { type: 'float', id: 2 },
                obsoleteOldStyleHistogram: { type: 'bytes', id: 3 },
                tensor: { type: 'TensorProto', id: 8 },
              },
            },
          },
        },
        SummaryMetadata: {
          fields: { pluginData: { type: 'PluginData', id: 1 }, displayName: { type: 'string', id: 2 }, dataClass: { type: 'int32', id: 4 } },
          nested: { PluginData: { fields: { pluginName: { type: 'string', id: 1 }, content: { type: 'bytes', id: 2 } } } },
        },
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 },
            tensorShape: { type: 'TensorShapeProto', id: 2 },
            tensorContent: { type: 'bytes', id: 4 },
            halfVal: { rule: 'repeated', type: 'int32', id: 13 },
            floatVal: { rule: 'repeated', type: 'float', id: 5 },
            doubleVal: { rule: 'repeated', type: 'double', id: 6 },
            intVal: { rule: 'repeated', type: 'int32', id: 7 },
            int64Val: { rule: 'repeated', type: 'int64', id: 10 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 }, unknownRank: { type: 'bool', id: 3 } },
          nested: { Dim: { fields: { size: { type: 'int64', id: 1 }, name: { type: 'string', id: 2 } } } },
        },
      },
    },
  },
};

let eventType: Type | undefined;

function eventMessage(): Type {
  eventType ??= Root.fromJSON(DESCRIPTOR).lookupType('tensorboard.Event');
  return eventType;
}

/** One scalar summary value of an event. */
export interface TbScalar {
  tag: string;
  step: number;
  wallTime: number;
  value: number;
  /** The plugin named in the value's metadata (`scalars`), when this event carries it (TF writes it only the first time). */
  plugin?: string;
}

/** One decoded event, reduced to what a scalar reader needs. */
export interface TbEvent {
  step: number;
  wallTime: number;
  fileVersion?: string;
  /** Scalar values (simple_value, or a scalar-shaped numeric tensor). */
  scalars: TbScalar[];
  /** Tags of non-scalar tensors/histograms seen (skipped). */
  skipped: string[];
}

interface DecodedTensor {
  dtype?: number;
  tensorShape?: { dim?: { size?: number }[] };
  tensorContent?: Uint8Array;
  halfVal?: number[];
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: number[];
}

interface DecodedValue {
  tag?: string;
  value?: string;
  simpleValue?: number;
  tensor?: DecodedTensor;
  metadata?: { pluginData?: { pluginName?: string } };
}

interface DecodedEvent {
  wallTime?: number;
  step?: number;
  fileVersion?: string;
  summary?: { value?: DecodedValue[] };
}

/** IEEE half (binary16) bits to a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** TensorFlow DataType numbers of the numeric dtypes a scalar summary uses. */
const DT = { float: 1, double: 2, int32: 3, int64: 9, bfloat16: 14, half: 19 } as const;

/** The number in a scalar-shaped tensor, or undefined for anything else (histograms, text, images). */
export function tensorScalar(t: DecodedTensor): number | undefined {
  const dims = t.tensorShape?.dim ?? [];
  if (dims.some((d) => Number(d.size ?? 0) !== 1)) return undefined;
  const content = t.tensorContent && t.tensorContent.length > 0 ? t.tensorContent : undefined;
  const view = content ? new DataView(content.buffer, content.byteOffset, content.byteLength) : undefined;
  switch (t.dtype) {
    case DT.float:
      return view && view.byteLength === 4 ? view.getFloat32(0, true) : t.floatVal?.length === 1 ? t.floatVal[0] : undefined;
    case DT.double:
      return view && view.byteLength === 8 ? view.getFloat64(0, true) : t.doubleVal?.length === 1 ? t.doubleVal[0] : undefined;
    case DT.int32:
      return view && view.byteLength === 4 ? view.getInt32(0, true) : t.intVal?.length === 1 ? t.intVal[0] : undefined;
    case DT.int64:
      return view && view.byteLength === 8 ? Number(view.getBigInt64(0, true)) : t.int64Val?.length === 1 ? Number(t.int64Val[0]) : undefined;
    case DT.half:
      return view && view.byteLength === 2 ? halfToNumber(view.getUint16(0, true)) : t.halfVal?.length === 1 ? halfToNumber(t.halfVal[0]) : undefined;
    case DT.bfloat16: {
      const bits = view && view.byteLength === 2 ? view.getUint16(0, true) : t.halfVal?.length === 1 ? t.halfVal[0] : undefined;
      if (bits === undefined) return undefined;
      const f = new DataView(new ArrayBuffer(4));
      f.setUint32(0, bits << 16, false);
      return f.getFloat32(0, false);
    }
    default:
      return undefined;
  }
}

/** Decodes one event record. Throws protobufjs' error on bytes that are not an Event. */
export function decodeTbEvent(record: Uint8Array): TbEvent {
  const type = eventMessage();
  const decoded = type.toObject(type.decode(record), { longs: Number, oneofs: true, defaults: false }) as DecodedEvent;
  const step = Number(decoded.step ?? 0);
  const wallTime = decoded.wallTime ?? 0;
  const event: TbEvent = { step, wallTime, scalars: [], skipped: [] };
  if (decoded.fileVersion) event.fileVersion = decoded.fileVersion;
  for (const v of decoded.summary?.value ?? []) {
    const tag = v.tag ?? '';
    const plugin = v.metadata?.pluginData?.pluginName;
    let value: number | undefined;
    if (v.value === 'simpleValue') value = v.simpleValue ?? 0;
    else if (v.value === 'tensor' && v.tensor) value = tensorScalar(v.tensor);
    if (value === undefined || (plugin !== undefined && plugin !== 'scalars' && plugin !== '')) {
      event.skipped.push(tag);
      continue;
    }
    const scalar: TbScalar = { tag, step, wallTime, value };
    if (plugin) scalar.plugin = plugin;
    event.scalars.push(scalar);
  }
  return event;
}
