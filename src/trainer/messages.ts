/**
 * Checks what arrives over IPC before acting on it: a stale or foreign host must get a clear
 * protocol error, not a crash deep inside training.
 */
import { FitwatchError } from '../shared/location';
import { TRAINER_PROTOCOL_VERSION, type HostToTrainer, type StartMessage } from '../shared/protocol/trainer';
import type { FitwatchSpec } from '../shared/spec';

function protocolError(message: string, fix = 'Rebuild the extension (npm run build) so host and trainer come from the same version.'): FitwatchError {
  return new FitwatchError({ code: 'trainer/protocol', message, fix, location: { file: '<trainer channel>' } });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requireString(m: Record<string, unknown>, key: string): string {
  const v = m[key];
  if (typeof v !== 'string' || v === '') throw protocolError(`start message: "${key}" must be a non-empty string, got ${JSON.stringify(v)}.`);
  return v;
}

function checkSpec(v: unknown): FitwatchSpec {
  if (!isRecord(v)) throw protocolError('start message: "spec" must be an object.');
  for (const key of ['data', 'model', 'compile', 'fit', 'callbacks'] as const) {
    if (!isRecord(v[key])) throw protocolError(`start message: spec.${key} must be an object (the host sends the resolved spec).`);
  }
  const model = v.model as Record<string, unknown>;
  if (!Array.isArray(model.layers)) throw protocolError('start message: spec.model.layers must be an array.');
  return v as unknown as FitwatchSpec;
}

/** Validates one incoming message; throws a FitwatchError saying what is wrong. */
export function parseHostMessage(raw: unknown): HostToTrainer {
  if (!isRecord(raw) || typeof raw.type !== 'string') throw protocolError(`unreadable message from the host: ${JSON.stringify(raw)?.slice(0, 200)}`);
  switch (raw.type) {
    case 'start': {
      if (raw.protocol !== TRAINER_PROTOCOL_VERSION) {
        throw protocolError(`protocol version mismatch: the host speaks ${JSON.stringify(raw.protocol)}, this trainer speaks ${TRAINER_PROTOCOL_VERSION}.`);
      }
      const msg: StartMessage = {
        type: 'start',
        protocol: TRAINER_PROTOCOL_VERSION,
        spec: checkSpec(raw.spec),
        workspaceRoot: requireString(raw, 'workspaceRoot'),
        runDir: requireString(raw, 'runDir'),
        runId: requireString(raw, 'runId'),
        healthEvery: typeof raw.healthEvery === 'number' && raw.healthEvery >= 0 ? Math.floor(raw.healthEvery) : 0,
      };
      if (raw.specFile !== undefined) msg.specFile = requireString(raw, 'specFile');
      if (raw.python !== undefined) msg.python = requireString(raw, 'python');
      if (raw.threads !== undefined) {
        if (typeof raw.threads !== 'number' || !Number.isInteger(raw.threads) || raw.threads < 1)
          throw protocolError(`start message: "threads" must be a positive integer, got ${JSON.stringify(raw.threads)}.`);
        msg.threads = raw.threads;
      }
      if (raw.resumeFrom !== undefined) {
        msg.resumeFrom = requireString(raw, 'resumeFrom');
        if (msg.resumeFrom !== msg.runDir)
          throw protocolError(
            `start message: resumeFrom ${JSON.stringify(msg.resumeFrom)} must equal runDir ${JSON.stringify(msg.runDir)} (a resumed run goes on in its own folder).`,
            'Send the run folder as both runDir and resumeFrom.',
          );
      }
      if (raw.generated !== undefined) {
        const g = raw.generated;
        if (
          !isRecord(g) ||
          typeof g.dataPath !== 'string' ||
          (g.labelsPath !== undefined && typeof g.labelsPath !== 'string') ||
          (g.name !== undefined && typeof g.name !== 'string')
        ) {
          throw protocolError(`start message: "generated" must be { dataPath, labelsPath?, name? }, got ${JSON.stringify(g)?.slice(0, 200)}.`);
        }
        msg.generated = {
          dataPath: g.dataPath,
          ...(typeof g.labelsPath === 'string' ? { labelsPath: g.labelsPath } : {}),
          ...(typeof g.name === 'string' ? { name: g.name } : {}),
        };
      }
      if (raw.backend !== undefined) {
        if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(String(raw.backend)))
          throw protocolError(`start message: unknown backend ${JSON.stringify(raw.backend)}.`, 'Use auto, tensorflow, wasm or cpu.');
        msg.backend = raw.backend as StartMessage['backend'];
      }
      if (raw.engine !== undefined) {
        if (!['auto', 'tfjs', 'fast', 'keras'].includes(String(raw.engine)))
          throw protocolError(`start message: unknown engine ${JSON.stringify(raw.engine)}.`, 'Use auto, tfjs, fast or keras.');
        msg.engine = raw.engine as StartMessage['engine'];
      }
      return msg;
    }
    case 'stop':
      return { type: 'stop' };
    case 'setLearningRate': {
      const lr = raw.learningRate;
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
        throw protocolError(
          `setLearningRate: learningRate must be a positive number, got ${JSON.stringify(lr)}.`,
          'Send a positive learning rate such as 0.001.',
        );
      }
      return { type: 'setLearningRate', learningRate: lr };
    }
    default:
      throw protocolError(`unknown message type "${raw.type}".`);
  }
}
