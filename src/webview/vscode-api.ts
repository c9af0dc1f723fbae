/**
 * The webview's side of VS Code: `acquireVsCodeApi()` and the panel's persisted UI state.
 * State is read back loosely because it may come from an older version of the panel.
 */
import type { PanelToHost } from '../shared/protocol/panel';
import { DEFAULT_SMOOTHING, clampSmoothing } from '../shared/smoothing';

/** UI choices that survive the panel being hidden or reloaded. */
export interface PanelUiState {
  smoothing: number;
  logScale: boolean;
  /** Run ids the user chose to overlay. */
  overlays: string[];
  /** Section ids the user collapsed. */
  collapsed: string[];
  /** The main run shown: the host's panel serializer reopens exactly this run after a window reload. */
  runId?: string;
}

/** The subset of the VS Code webview API the panel uses. */
export interface VsCodeApi {
  postMessage(message: PanelToHost): void;
  getState(): unknown;
  setState(state: PanelUiState): void;
}

declare global {
  /** Injected by VS Code into every webview; may be called once per page. */
  function acquireVsCodeApi(): VsCodeApi;
}

/** Defaults for a first-time panel. */
export function defaultUiState(): PanelUiState {
  return { smoothing: DEFAULT_SMOOTHING, logScale: false, overlays: [], collapsed: [] };
}

/** Saved state (or anything else) as a valid `PanelUiState`. */
export function readUiState(saved: unknown): PanelUiState {
  const s = defaultUiState();
  if (typeof saved !== 'object' || saved === null) return s;
  const o = saved as Record<string, unknown>;
  if (typeof o.smoothing === 'number') s.smoothing = clampSmoothing(o.smoothing);
  if (typeof o.logScale === 'boolean') s.logScale = o.logScale;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  s.overlays = strings(o.overlays);
  s.collapsed = strings(o.collapsed);
  if (typeof o.runId === 'string') s.runId = o.runId;
  return s;
}
