/**
 * What the CLI prints: Keras-style lines for people, or one JSON object per line for scripts.
 * Both go to stdout; in human mode problems and warnings go to stderr.
 */
import { describeEffect } from '../coach/fix-effects';
import type { Finding } from '../shared/findings';
import { formatProblem, type Problem } from '../shared/location';
import { formatKerasEpochLine } from '../shared/metrics';
import type { DatasetMessage, DoneMessage, EpochMessage, HealthMessage, ReadyMessage, RunEvent } from '../shared/protocol/trainer';
import { datasetLine, doneText, readyLine } from '../shared/trainer-text';

/** Where the train command reports to. */
export interface Output {
  run(info: { id: string; dir: string; input: string }): void;
  ready(msg: ReadyMessage): void;
  dataset(msg: DatasetMessage): void;
  epoch(msg: EpochMessage): void;
  event(event: RunEvent): void;
  health(msg: HealthMessage): void;
  problem(problem: Problem): void;
  /** A note for people (Ctrl-C hints); JSON mode drops it. */
  note(text: string): void;
  finding(finding: Finding): void;
  /** The generated architecture and optimizer, before the first epoch. */
  model(summary: string): void;
  /** The "what happened in this run" summary (Markdown), the last lines of a run. */
  summary(markdown: string, file: string): void;
  done(msg: DoneMessage, runDir: string): void;
}

type Write = (line: string) => void;

/** Events a person wants to see; newBest every few epochs would drown the curve lines. */
const SHOWN_EVENTS = new Set(['lrReduced', 'lrSet', 'earlyStop', 'restoredBest', 'stopRequested', 'diverged']);

/** Keras verbose=2 style output. */
export function humanOutput(out: Write, err: Write): Output {
  return {
    run: ({ input, dir }) => out(`Training ${input}\nRun folder: ${dir}`),
    ready: (m) => out(readyLine(m)),
    dataset: ({ summary, parameters }) => out(datasetLine(summary, parameters)),
    epoch: (m) => out(formatKerasEpochLine(m.record, m.totalEpochs)),
    event: (e) => {
      if (SHOWN_EVENTS.has(e.kind)) out(`  ${e.message}`);
    },
    health: () => undefined,
    problem: (p) => err(formatProblem(p)),
    note: (t) => err(t),
    finding: (f) => {
      const range = f.epochs.start === f.epochs.end ? `epoch ${f.epochs.start + 1}` : `epochs ${f.epochs.start + 1}–${f.epochs.end + 1}`;
      out(`${f.severity}: [${f.code}] ${range}: ${f.message}`);
      if (f.meaning) out(`    what it means: ${f.meaning}`);
      for (const fix of f.fixes)
        out(`    fix${fix.preferred ? ' (preferred)' : ''}: ${fix.title}${fix.effect ? ` (measured: ${describeEffect(fix.effect)})` : ''}`);
      if (f.noSpecFix) out(`    no spec fix: ${f.noSpecFix}`);
    },
    model: (text) => out(text),
    summary: (markdown, file) => out(`\n${markdown.trimEnd()}\n(also in ${file})`),
    done: (m, dir) => out(`Done: ${doneText(m)}\nSaved: ${dir}`),
  };
}

/** One JSON object per line. */
export function jsonOutput(out: Write): Output {
  const line = (v: object): void => out(JSON.stringify(v));
  return {
    run: (info) => line({ type: 'run', ...info }),
    ready: (m) => line(m),
    dataset: (m) => line(m),
    // Epochs are 1-based here as in the text output and Keras' "Epoch 1/…".
    epoch: (m) => line({ type: 'epoch', epoch: m.record.epoch + 1, totalEpochs: m.totalEpochs, durationMs: m.record.durationMs, logs: m.record.logs }),
    event: (event) => line({ type: 'event', event }),
    health: (m) => line(m),
    problem: (problem) => line({ type: problem.severity === 'error' ? 'error' : 'warning', problem }),
    note: () => undefined,
    finding: (finding) => line({ type: 'finding', finding: { ...finding, epochs: { start: finding.epochs.start + 1, end: finding.epochs.end + 1 } } }),
    model: (summary) => line({ type: 'model', summary }),
    summary: (markdown, file) => line({ type: 'summary', markdown, file }),
    done: (m, runDir) => line({ ...m, ...(m.bestEpoch !== undefined ? { bestEpoch: m.bestEpoch + 1 } : {}), runDir }),
  };
}
