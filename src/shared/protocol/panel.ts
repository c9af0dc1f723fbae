/**
 * The panel channel: messages between the extension host and the training-curves webview.
 * The webview says `ready`, the host answers with a full `snapshot`, then sends appends
 * (batched `epochs`, O(1) per record) and small updates.
 */
import type { Finding } from '../findings';
import type { EpochRecord } from '../metrics';
import type { RunInfo } from '../run';
import type { RunEvent } from './trainer';

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
  | SnapshotMessage
  | PanelEpochMessage
  | PanelEpochsMessage
  | PanelEventMessage
  | PanelInfoMessage
  | PanelFindingsMessage
  | PanelExportRequestMessage;

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
