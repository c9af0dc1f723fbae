/**
 * What `fitwatch run` and `fitwatch diagnose` print. People: the script's own output as it
 * is (Keras' progress bar included), Fitwatch's lines on stderr prefixed `fitwatch:`, epoch
 * lines only when the script prints none (verbose=0). Scripts (`--json`): one JSON object a
 * line on stdout, the script's output wrapped in `output` objects so the stream stays parseable.
 */
import type { Finding } from '../shared/findings';
import { formatProblem, type Problem, type SourceLocation } from '../shared/location';
import { formatKerasEpochLine, type EpochRecord } from '../shared/metrics';
import type { RunEvent } from '../shared/protocol/trainer';
import type { ScriptRun } from '../keras/live-runner-node';
import type { BatchMessage, ControlReplyMessage } from '../keras/run-protocol';

/** Where the run and diagnose commands report to. */
export interface RunOutput {
  fitBegin(run: ScriptRun, dir: string): void;
  epoch(run: ScriptRun, record: EpochRecord): void;
  batch(run: ScriptRun, progress: BatchMessage): void;
  event(run: ScriptRun | undefined, event: RunEvent): void;
  control(run: ScriptRun, reply: ControlReplyMessage): void;
  fitEnd(run: ScriptRun): void;
  output(stream: 'stdout' | 'stderr', text: string): void;
  /** A history read from a log (diagnose). */
  history(info: { source: string; format: string; epochs: number; notes: string[] }): void;
  finding(finding: Finding, runId: string | undefined, at: SourceLocation | undefined): void;
  problem(problem: Problem): void;
  note(text: string): void;
  done(summary: { exitCode: number; runs: string[] }): void;
}

type Write = (text: string) => void;

const SHOWN_EVENTS = new Set(['lrReduced', 'lrSet', 'earlyStop', 'restoredBest', 'stopRequested', 'diverged']);

function epochRange(f: Finding): string {
  return f.epochs.start === f.epochs.end ? `epoch ${f.epochs.start + 1}` : `epochs ${f.epochs.start + 1}–${f.epochs.end + 1}`;
}

/** Output for people. `out`/`err` get whole lines without the newline; `raw` passes script output through unchanged. */
export function humanRunOutput(out: Write, err: Write, raw: { stdout: Write; stderr: Write }): RunOutput {
  const note = (t: string): void => err(`fitwatch: ${t}`);
  return {
    fitBegin: (run, dir) => {
      const at = run.begin.call ? ` (${run.begin.call.file.split(/[\\/]/).pop()}:${run.begin.call.line})` : '';
      const link = run.index > 1 ? `; linked to the run of fit ${run.index - 1}` : '';
      note(`fit ${run.index}${at} with ${run.begin.keras}: recording ${run.begin.epochs} epoch(s) into ${dir}${link}`);
    },
    epoch: (run, record) => {
      if (run.begin.verbose === 0) out(formatKerasEpochLine(record, run.begin.epochs));
    },
    batch: () => undefined,
    event: (_run, e) => {
      if (SHOWN_EVENTS.has(e.kind)) note(e.message);
    },
    control: (_run, reply) => {
      if (!reply.ok) note(`${reply.command}: ${reply.message}`);
    },
    fitEnd: (run) => note(`fit ${run.index} ${run.status}${run.error ? ` (${run.error})` : ''} after ${run.history.length} epoch(s)`),
    output: (stream, text) => (stream === 'stdout' ? raw.stdout(text) : raw.stderr(text)),
    history: (h) => {
      out(`${h.source}: ${h.format}, ${h.epochs} epoch(s)`);
      for (const n of h.notes) out(`  note: ${n}`);
    },
    finding: (f, _runId, at) => {
      const where = at ? `${at.file}${at.line !== undefined ? `:${at.line}` : ''}: ` : '';
      out(`${where}${f.severity}: [${f.code}] ${epochRange(f)}: ${f.message}`);
      for (const fix of f.fixes) out(`    fix${fix.preferred ? ' (preferred)' : ''}: ${fix.title}`);
    },
    problem: (p) => err(formatProblem(p)),
    note,
    done: () => undefined,
  };
}

/** One JSON object per line. */
export function jsonRunOutput(out: Write): RunOutput {
  const line = (v: object): void => out(JSON.stringify(v));
  return {
    fitBegin: (run, dir) =>
      line({
        type: 'fitBegin',
        runId: run.id,
        dir,
        index: run.index,
        epochs: run.begin.epochs,
        keras: run.begin.keras,
        call: run.begin.call,
        learningRate: run.begin.learningRate,
      }),
    epoch: (run, r) => line({ type: 'epoch', runId: run.id, epoch: r.epoch, totalEpochs: run.begin.epochs, durationMs: r.durationMs, logs: r.logs }),
    batch: (run, b) => line({ type: 'batch', runId: run.id, epoch: b.epoch, batch: b.batch, steps: b.steps, logs: b.logs }),
    event: (run, event) => line({ type: 'event', runId: run?.id, event }),
    control: (run, reply) => line({ type: 'control', runId: run.id, command: reply.command, ok: reply.ok, message: reply.message }),
    fitEnd: (run) => line({ type: 'fitEnd', runId: run.id, status: run.status, epochs: run.history.length, error: run.error }),
    output: (stream, text) => line({ type: 'output', stream, text }),
    history: (h) => line({ type: 'history', ...h }),
    finding: (finding, runId, at) => line({ type: 'finding', runId, location: at, finding }),
    problem: (problem) => line({ type: problem.severity === 'error' ? 'error' : 'warning', problem }),
    note: () => undefined,
    done: (s) => line({ type: 'done', ...s }),
  };
}
