/**
 * What the Runs view shows, computed without vscode: runs grouped by the spec, script or log
 * they came from, newest first, each with its status, best metric, duration and engine, and the
 * user's label. Pure, so the grouping and wording are unit-tested.
 */
import type { RunInfo, RunStatus } from '../../shared/run';
import type { RunLabel } from '../../runs/run-label';
import { formatDuration } from '../../shared/eta';
import { formatBest, formatRunDate, formatStatus } from './run-labels';

/** Where a run came from, for grouping. */
export type RunOrigin = { kind: 'spec'; path: string } | { kind: 'script'; path: string } | { kind: 'log'; path: string } | { kind: 'data'; path: string };

/** A run as the view gets it. */
export interface RunEntry {
  info: RunInfo;
  origin: RunOrigin;
  /** A trainer (or a Keras log tail) is attached now. */
  live: boolean;
  /** On disk (deletable, revealable) or only in memory (a Keras log). */
  onDisk: boolean;
  label?: RunLabel;
}

/** A run's row. */
export interface RunRow {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  /** A codicon id for the status. */
  icon: string;
  /** contextValue: `run.disk`, `run.disk.live`, `run.memory`. */
  context: string;
}

/** A group's row and its runs. */
export interface RunGroup {
  key: string;
  label: string;
  description: string;
  icon: string;
  runs: RunRow[];
}

const STATUS_ICONS: Record<RunStatus, string> = {
  running: 'sync~spin',
  completed: 'pass',
  earlyStopped: 'pass-filled',
  stopped: 'debug-stop',
  diverged: 'warning',
  failed: 'error',
  interrupted: 'debug-disconnect',
};

/** The status icon; a `running` run with nothing attached was interrupted. */
export function statusIcon(status: RunStatus, live: boolean): string {
  return status === 'running' && !live ? 'circle-slash' : STATUS_ICONS[status];
}

/** Wall time of a run: the trainer's own measure, else start to end. */
export function runDurationMs(info: RunInfo): number | undefined {
  if (info.timings?.elapsedMs !== undefined) return info.timings.elapsedMs;
  if (!info.endedAt) return undefined;
  const ms = Date.parse(info.endedAt) - Date.parse(info.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** `fast` or `tfjs/wasm`. */
function engineText(info: RunInfo): string {
  if (info.engine === 'fast' || !info.backend) return info.engine ?? info.backend ?? '';
  return info.engine ? `${info.engine}/${info.backend}` : info.backend;
}

/** One run's row: the label (or the date), then best metric · duration · engine. */
export function runRow(e: RunEntry): RunRow {
  const { info } = e;
  const date = formatRunDate(info.startedAt);
  const duration = runDurationMs(info);
  const status = formatStatus(info.status, e.live);
  const description = [
    ...(e.label?.label ? [date] : []),
    formatBest(info) || `${info.epochs}/${info.totalEpochs} epochs`,
    ...(duration !== undefined ? [formatDuration(duration)] : []),
    engineText(info),
    ...(status !== 'completed' ? [status] : []),
  ]
    .filter(Boolean)
    .join(' · ');
  const tooltip = [
    e.label?.label ? `${e.label.label} (${date})` : date,
    `${status}, ${info.epochs}/${info.totalEpochs} epochs`,
    ...(formatBest(info) ? [formatBest(info)] : []),
    ...(engineText(info) ? [`engine ${engineText(info)}`] : []),
    ...(e.label?.note ? [`note: ${e.label.note}`] : []),
    ...(info.error ? [info.error] : []),
    info.id,
  ].join('\n');
  return {
    id: info.id,
    label: e.label?.label ?? date,
    description,
    tooltip,
    icon: statusIcon(info.status, e.live),
    context: e.onDisk ? (e.live ? 'run.disk.live' : 'run.disk') : 'run.memory',
  };
}

const GROUP_ICONS: Record<RunOrigin['kind'], string> = { spec: 'json', script: 'file-code', log: 'output', data: 'database' };
const GROUP_WORDS: Record<RunOrigin['kind'], string> = { spec: 'spec', script: 'Keras script', log: 'Keras log', data: 'data file' };

/** Runs grouped by origin: groups ordered by their newest run, runs newest first. */
export function groupRuns(entries: readonly RunEntry[]): RunGroup[] {
  const groups = new Map<string, { origin: RunOrigin; entries: RunEntry[] }>();
  for (const e of entries) {
    const key = `${e.origin.kind}:${e.origin.path}`;
    const g = groups.get(key) ?? { origin: e.origin, entries: [] };
    g.entries.push(e);
    groups.set(key, g);
  }
  const newest = (es: RunEntry[]): string => es.reduce((m, e) => (e.info.startedAt > m ? e.info.startedAt : m), '');
  return [...groups.entries()]
    .sort(([, a], [, b]) => newest(b.entries).localeCompare(newest(a.entries)))
    .map(([key, g]) => {
      const sorted = [...g.entries].sort((a, b) => b.info.startedAt.localeCompare(a.info.startedAt) || b.info.id.localeCompare(a.info.id));
      const name = g.origin.path.split('/').pop() ?? g.origin.path;
      const where = g.origin.path.includes('/') ? g.origin.path.slice(0, g.origin.path.lastIndexOf('/')) : '';
      return {
        key,
        label: name,
        description: [GROUP_WORDS[g.origin.kind], where, `${sorted.length} run${sorted.length === 1 ? '' : 's'}`].filter(Boolean).join(' · '),
        icon: GROUP_ICONS[g.origin.kind],
        runs: sorted.map(runRow),
      };
    });
}
