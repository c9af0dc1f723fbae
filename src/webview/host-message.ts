/**
 * Loose checks on what the host posts. The host is trusted, but a message from a stale or
 * newer extension build must not crash the panel: unknown types are ignored, malformed records
 * dropped, and only the fields the panel reads are checked.
 */
import type { Finding } from '../shared/findings';
import type { EpochRecord } from '../shared/metrics';
import type { HostToPanel, RunActions, RunChoice, RunView } from '../shared/protocol/panel';
import type { RunEvent } from '../shared/protocol/trainer';
import type { RunInfo } from '../shared/run';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEpochRecord(v: unknown): v is EpochRecord {
  if (!isRecord(v) || typeof v.epoch !== 'number' || !Number.isInteger(v.epoch) || v.epoch < 0) return false;
  if (typeof v.durationMs !== 'number' || !isRecord(v.logs)) return false;
  return Object.values(v.logs).every((x) => typeof x === 'number');
}

function isRunEvent(v: unknown): v is RunEvent {
  return isRecord(v) && typeof v.kind === 'string' && typeof v.epoch === 'number' && typeof v.message === 'string' && (v.data === undefined || isRecord(v.data));
}

function isFinding(v: unknown): v is Finding {
  if (!isRecord(v) || typeof v.code !== 'string' || typeof v.message !== 'string' || !Array.isArray(v.fixes)) return false;
  const e = v.epochs;
  return isRecord(e) && typeof e.start === 'number' && typeof e.end === 'number' && v.fixes.every((f) => isRecord(f) && typeof f.title === 'string');
}

function isRunInfo(v: unknown): v is RunInfo {
  return isRecord(v) && typeof v.id === 'string' && typeof v.status === 'string' && typeof v.epochs === 'number' && typeof v.totalEpochs === 'number';
}

/** Only well-typed fields survive: a stray value must not enable a button the host turned off. */
function toRunActions(v: unknown): RunActions | undefined {
  if (!isRecord(v)) return undefined;
  const out: RunActions = {};
  if (typeof v.editBlocked === 'string') out.editBlocked = v.editBlocked;
  if (typeof v.interrupted === 'string') out.interrupted = v.interrupted;
  if (v.resumable === true) out.resumable = true;
  if (typeof v.resumeBlocked === 'string') out.resumeBlocked = v.resumeBlocked;
  return out;
}

function toRunView(v: unknown): RunView | undefined {
  if (!isRecord(v) || !isRunInfo(v.info)) return undefined;
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  const view: RunView = {
    info: v.info,
    history: list(v.history).filter(isEpochRecord),
    events: list(v.events).filter(isRunEvent),
    findings: list(v.findings).filter(isFinding),
    live: v.live === true,
    whatIf: list(v.whatIf).filter((s): s is string => typeof s === 'string'),
  };
  const actions = toRunActions(v.actions);
  if (actions) view.actions = actions;
  return view;
}

function isChoice(v: unknown): v is RunChoice {
  return isRecord(v) && typeof v.id === 'string' && typeof v.label === 'string';
}

/** The message as a `HostToPanel`, or undefined when it is not one the panel understands. */
export function parseHostMessage(data: unknown): HostToPanel | undefined {
  if (!isRecord(data) || typeof data.type !== 'string') return undefined;
  switch (data.type) {
    case 'snapshot': {
      const run = toRunView(data.run);
      if (!run) return undefined;
      const compare = (Array.isArray(data.compare) ? data.compare : []).map(toRunView).filter((r): r is RunView => r !== undefined);
      const choices = (Array.isArray(data.choices) ? data.choices : []).filter(isChoice);
      return { type: 'snapshot', run, compare, choices };
    }
    case 'epoch':
      return typeof data.runId === 'string' && isEpochRecord(data.record) ? { type: 'epoch', runId: data.runId, record: data.record } : undefined;
    case 'epochs': {
      if (typeof data.runId !== 'string' || !Array.isArray(data.records)) return undefined;
      const msg: HostToPanel = { type: 'epochs', runId: data.runId, records: data.records.filter(isEpochRecord) };
      if (Array.isArray(data.events)) msg.events = data.events.filter(isRunEvent);
      return msg;
    }
    case 'exportRequest':
      return data.format === 'png' ? { type: 'exportRequest', format: 'png' } : undefined;
    case 'event':
      return typeof data.runId === 'string' && isRunEvent(data.event) ? { type: 'event', runId: data.runId, event: data.event } : undefined;
    case 'info':
      return typeof data.runId === 'string' && isRunInfo(data.info) ? { type: 'info', runId: data.runId, info: data.info, live: data.live === true } : undefined;
    case 'findings':
      return typeof data.runId === 'string' && Array.isArray(data.findings)
        ? { type: 'findings', runId: data.runId, findings: data.findings.filter(isFinding) }
        : undefined;
    default:
      return undefined;
  }
}
