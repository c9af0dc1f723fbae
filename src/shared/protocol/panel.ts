/**
 * The panel channel: messages between the extension host and the training-curves webview, both
 * directions' types and their validators. The webview says `ready`, the host answers with a full
 * `snapshot`, then sends appends (batched `epochs`, O(1) per record) and small updates.
 *
 * The two directions are checked differently. A webview is web content, so what it posts is
 * untrusted input: anything malformed is dropped rather than half-used, and run ids, which end up
 * in file paths (`.fitwatch/runs/<id>`), match a strict pattern. The host is trusted, but a
 * message from a stale or newer extension build must not crash the panel: unknown types are
 * ignored, malformed records dropped, and only the fields the panel reads are checked.
 */
import type { Finding } from '../findings';
import type { EpochRecord } from '../metrics';
import type { RunInfo } from '../run';
import { parseRunEvent, type RunEvent } from './trainer';

/** Everything the panel needs to draw one run. */
export interface RunView {
  info: RunInfo;
  history: EpochRecord[];
  events: RunEvent[];
  findings: Finding[];
  /** Whether a trainer process is attached right now (Stop / Reduce LR enabled). */
  live: boolean;
  /** The coach's what-if replay of this history, in sentences; absent when there is none. */
  whatIf?: string[];
  /** What the host allows for this run and why not; absent: everything the run's state allows. */
  actions?: RunActions;
}

/** What the host allows the panel to do with a run, with the reason when it does not. */
export interface RunActions {
  /** Why Apply fix and Train Again are off (untrusted workspace, spec outside the workspace or gone). */
  editBlocked?: string;
  /** The run was cut short without finishing (window reload, crash, kill): what happened, in words. */
  interrupted?: string;
  /** Whether Resume can continue the interrupted run from its last checkpoint. */
  resumable?: boolean;
  /** Why Resume is off for an interrupted run. */
  resumeBlocked?: string;
}

/** A run the user may overlay, for the comparison picker. */
export interface RunChoice {
  id: string;
  label: string;
}

/** host → panel: the whole state, sent after `ready` and whenever the main run changes. */
export interface SnapshotMessage {
  type: 'snapshot';
  run: RunView;
  /** Earlier runs overlaid for comparison (history only is drawn). */
  compare: RunView[];
  /** Runs of the same spec that could be overlaid. */
  choices: RunChoice[];
}

/** host → panel: one epoch of the main run (the host sends `epochs`; kept for single-record senders such as the redraw benchmark). */
export interface PanelEpochMessage {
  type: 'epoch';
  runId: string;
  record: EpochRecord;
}

/**
 * host → panel: the main run's epochs since the last batch, in order. Batched because a fast
 * trainer finishes hundreds of epochs per second and one webview message per epoch floods
 * VS Code's renderer (the panel fell thousands of epochs behind and the UI stalled); the host
 * sends at most one batch per ~100 ms and the panel applies it with one redraw.
 */
export interface PanelEpochsMessage {
  type: 'epochs';
  runId: string;
  records: EpochRecord[];
  /**
   * Run events (LR reduced, new best, …) raised during these epochs, applied after the records:
   * `newBest` can fire on most epochs early in a run, so events ride in the batch too.
   */
  events?: RunEvent[];
}

/** host → panel: a run event (LR reduced, best, early stop) of the main run. */
export interface PanelEventMessage {
  type: 'event';
  runId: string;
  event: RunEvent;
}

/** host → panel: run info changed (backend known, status, totals). */
export interface PanelInfoMessage {
  type: 'info';
  runId: string;
  info: RunInfo;
  live: boolean;
}

/** host → panel: the coach's current findings for the main run (replaces the previous list). */
export interface PanelFindingsMessage {
  type: 'findings';
  runId: string;
  findings: Finding[];
}

/** host → panel: render the charts as a PNG and answer with an `export` message (Export Curves command). */
export interface PanelExportRequestMessage {
  type: 'exportRequest';
  format: 'png';
}

/** Everything the host may send to the panel. */
export type HostToPanel =
  SnapshotMessage | PanelEpochMessage | PanelEpochsMessage | PanelEventMessage | PanelInfoMessage | PanelFindingsMessage | PanelExportRequestMessage;

/** panel → host: the webview script is loaded and listening; answer with a snapshot. */
export interface PanelReadyMessage {
  type: 'ready';
}

/** panel → host: stop the live run. */
export interface PanelStopMessage {
  type: 'stop';
  runId: string;
}

/** panel → host: reduce the live run's learning rate now (host picks the factor). */
export interface PanelReduceLrMessage {
  type: 'reduceLr';
  runId: string;
}

/** panel → host: apply fix `fixIndex` of the finding with `code`. */
export interface PanelApplyFixMessage {
  type: 'applyFix';
  runId: string;
  code: string;
  fixIndex: number;
}

/** panel → host: overlay these runs (replaces the current overlay set). */
export interface PanelCompareMessage {
  type: 'compare';
  runIds: string[];
}

/** panel → host: save an export the panel produced (PNG as a data URL) or ask for the CSV. */
export interface PanelExportMessage {
  type: 'export';
  format: 'png' | 'csv';
  /** For png: `data:image/png;base64,…`. */
  dataUrl?: string;
}

/** panel → host: train the same spec again and overlay the previous run. */
export interface PanelTrainAgainMessage {
  type: 'trainAgain';
  runId: string;
}

/** panel → host: continue an interrupted run from its last checkpoint, in the same run folder. */
export interface PanelResumeMessage {
  type: 'resume';
  runId: string;
}

/** Everything the panel may send to the host (validated by the host before use). */
export type PanelToHost =
  | PanelReadyMessage
  | PanelStopMessage
  | PanelReduceLrMessage
  | PanelApplyFixMessage
  | PanelCompareMessage
  | PanelExportMessage
  | PanelTrainAgainMessage
  | PanelResumeMessage;

// ── panel → host: the host's gate ──

/** Run ids the host will accept from the panel: one path segment, no dots-only names. */
export const RUN_ID_PATTERN = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** Largest PNG export accepted, as data-URL characters (≈ 24 MB of image). */
export const MAX_PNG_DATA_URL_CHARS = 32 * 1024 * 1024;

/** Most runs that can be overlaid at once. */
export const MAX_COMPARE_RUNS = 32;

const PNG_PREFIX = 'data:image/png;base64,';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRunId(v: unknown): v is string {
  return typeof v === 'string' && RUN_ID_PATTERN.test(v);
}

function isPngDataUrl(v: unknown): v is string {
  if (typeof v !== 'string' || !v.startsWith(PNG_PREFIX) || v.length > MAX_PNG_DATA_URL_CHARS) return false;
  // Base64 alphabet only; checked with a loop-free regex on the payload.
  return /^[A-Za-z0-9+/]+={0,2}$/.test(v.slice(PNG_PREFIX.length));
}

/** The message as a typed `PanelToHost`, or undefined when it is not one (unknown type or bad fields). */
export function validatePanelToHost(msg: unknown): PanelToHost | undefined {
  if (!isRecord(msg) || typeof msg.type !== 'string') return undefined;
  switch (msg.type) {
    case 'ready':
      return { type: 'ready' };
    case 'stop':
    case 'reduceLr':
    case 'trainAgain':
    case 'resume':
      return isRunId(msg.runId) ? { type: msg.type, runId: msg.runId } : undefined;
    case 'applyFix': {
      const { runId, code, fixIndex } = msg;
      if (!isRunId(runId) || typeof code !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(code)) return undefined;
      if (typeof fixIndex !== 'number' || !Number.isInteger(fixIndex) || fixIndex < 0 || fixIndex > 99) return undefined;
      return { type: 'applyFix', runId, code, fixIndex };
    }
    case 'compare': {
      const ids = msg.runIds;
      if (!Array.isArray(ids) || ids.length > MAX_COMPARE_RUNS) return undefined;
      const runIds: string[] = [];
      for (const id of ids) {
        if (!isRunId(id)) return undefined;
        if (!runIds.includes(id)) runIds.push(id);
      }
      return { type: 'compare', runIds };
    }
    case 'export':
      if (msg.format === 'csv') return { type: 'export', format: 'csv' };
      if (msg.format === 'png' && isPngDataUrl(msg.dataUrl)) return { type: 'export', format: 'png', dataUrl: msg.dataUrl };
      return undefined;
    default:
      return undefined;
  }
}

// ── host → panel: the panel's loose checks ──

function isEpochRecord(v: unknown): v is EpochRecord {
  if (!isRecord(v) || typeof v.epoch !== 'number' || !Number.isInteger(v.epoch) || v.epoch < 0) return false;
  if (typeof v.durationMs !== 'number' || !isRecord(v.logs)) return false;
  return Object.values(v.logs).every((x) => typeof x === 'number');
}

/** The events of a list that are events (the one parser of src/shared); others are dropped. */
function parseEvents(list: readonly unknown[]): RunEvent[] {
  return list.flatMap((e) => parseRunEvent(e) ?? []);
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
    events: parseEvents(list(v.events)),
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
      if (Array.isArray(data.events)) msg.events = parseEvents(data.events);
      return msg;
    }
    case 'exportRequest':
      return data.format === 'png' ? { type: 'exportRequest', format: 'png' } : undefined;
    case 'event': {
      const event = parseRunEvent(data.event);
      return typeof data.runId === 'string' && event ? { type: 'event', runId: data.runId, event } : undefined;
    }
    case 'info':
      return typeof data.runId === 'string' && isRunInfo(data.info)
        ? { type: 'info', runId: data.runId, info: data.info, live: data.live === true }
        : undefined;
    case 'findings':
      return typeof data.runId === 'string' && Array.isArray(data.findings)
        ? { type: 'findings', runId: data.runId, findings: data.findings.filter(isFinding) }
        : undefined;
    default:
      return undefined;
  }
}
