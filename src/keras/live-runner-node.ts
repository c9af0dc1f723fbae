/**
 * Runs the user's unmodified Keras script with their Python and records every `Model.fit` as a
 * Fitwatch run, live. The Python side (python/sitecustomize.py + python/fitwatch_keras/) adds a
 * callback to each fit and streams JSON lines on file descriptor 3; this module writes each fit
 * into `.fitwatch/runs/<id>/` with the trainer's own RunWriter (same metrics.csv, events.jsonl
 * and run.json), relays Stop / Reduce LR through `control.jsonl` in the run folder, and turns
 * the script's end into a clear Problem. Node only; the CLI uses it, and the host can.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, relative, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { FitwatchError, type Problem } from '../shared/location';
import type { EpochRecord, History } from '../shared/metrics';
import type { RunEvent } from '../shared/protocol/trainer';
import { RUN_FILES, type KerasScriptSource, type RunInfo, type RunStatus } from '../shared/run';
import type { FitwatchSpec } from '../shared/spec';
import { newRunId, RUNS_FOLDER } from '../runs/run-id';
import { RunWriter } from '../trainer/run-writer';
import { normalizeLogKey } from './log-keys';
import { noKerasProblem, noPythonProblem, scriptEndProblem } from './run-problems';
import { errorMessage } from '../shared/error-message';
import {
  fitRunId,
  parseScriptMessage,
  type BatchMessage,
  type ControlCommand,
  type ControlReplyMessage,
  type FitBeginMessage,
  type ScriptMessage,
} from './run-protocol';

/** The interpreter to use: the one asked for, else FITWATCH_PYTHON, else `python3` on PATH. */
export function resolvePythonCommand(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = explicit ?? env.FITWATCH_PYTHON ?? 'python3';
  // A path (not a bare command name) is taken relative to where it was typed.
  return chosen.includes('/') || chosen.includes('\\') ? resolve(cwd, chosen) : chosen;
}

/** The folder holding sitecustomize.py and fitwatch_keras/: beside dist/ when bundled, the repo's python/ from source. */
export function findHookDir(from: string = __dirname): string {
  for (const candidate of [join(from, '..', 'python'), join(from, '..', '..', 'python')]) {
    if (existsSync(join(candidate, 'sitecustomize.py')) && existsSync(join(candidate, 'fitwatch_keras'))) return candidate;
  }
  throw new FitwatchError({
    code: 'keras-run/hook-missing',
    message: `Fitwatch's Python hook (python/sitecustomize.py) was not found near ${from}.`,
    fix: 'Reinstall Fitwatch: the python/ folder ships with it.',
  });
}

/** What the interpreter says about itself. */
export interface PythonInfo {
  executable: string;
  version: [number, number, number];
  keras: boolean;
  tensorflow: boolean;
  tfKeras: boolean;
}

const PREFLIGHT = `
import sys, json, importlib.util as u
def has(n):
    try:
        return u.find_spec(n) is not None
    except Exception:
        return False
print(json.dumps({"executable": sys.executable, "version": list(sys.version_info[:3]), "keras": has("keras"), "tensorflow": has("tensorflow"), "tfKeras": has("tf_keras")}))
`;

/** Checks, without importing Keras (a few ms, not seconds), that `python` runs and can find a Keras; throws a FitwatchError that says what to install. */
export function preflightPython(python: string, env: NodeJS.ProcessEnv, cwd: string): Promise<PythonInfo> {
  return new Promise((resolveInfo, reject) => {
    execFile(python, ['-c', PREFLIGHT], { env, cwd, timeout: 30_000, encoding: 'utf8' }, (error, stdout) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT' || code === 'EACCES') return reject(new FitwatchError(noPythonProblem(python, code === 'ENOENT' ? 'not found' : 'not executable')));
      let info: PythonInfo | undefined;
      try {
        const parsed: unknown = JSON.parse(stdout.trim().split('\n').pop() ?? '');
        info = parsed as PythonInfo;
      } catch {
        info = undefined;
      }
      if (error || !info || !Array.isArray(info.version)) {
        return reject(new FitwatchError(noPythonProblem(python, error ? `it failed: ${error.message.split('\n')[0]}` : 'it did not answer like Python 3')));
      }
      if (info.version[0] < 3 || (info.version[0] === 3 && info.version[1] < 8)) {
        return reject(new FitwatchError(noPythonProblem(python, `it is Python ${info.version.join('.')}; Fitwatch needs 3.8 or newer`)));
      }
      if (!info.keras && !info.tensorflow && !info.tfKeras) return reject(new FitwatchError(noKerasProblem(python, info.executable)));
      resolveInfo(info);
    });
  });
}

/** One fit of the script, as recorded so far. */
export interface ScriptRun {
  /** 1-based fit index. */
  index: number;
  id: string;
  dir: string;
  begin: FitBeginMessage;
  history: History;
  events: RunEvent[];
  status: RunStatus;
  error?: string;
}

/** Hooks for what the script does; every one optional. */
export interface KerasScriptListener {
  fitBegin?(run: ScriptRun): void;
  epoch?(run: ScriptRun, record: EpochRecord): void;
  batch?(run: ScriptRun, progress: BatchMessage): void;
  event?(run: ScriptRun, event: RunEvent): void;
  control?(run: ScriptRun, reply: ControlReplyMessage): void;
  fitEnd?(run: ScriptRun): void;
  /** The script's own output: stderr always (it is also kept for the traceback), stdout when piped. */
  output?(stream: 'stdout' | 'stderr', text: string): void;
}

/** How to run the script. */
export interface KerasScriptOptions {
  /** The script, absolute. */
  script: string;
  args?: string[];
  /** The interpreter command or path (see resolvePythonCommand). */
  python: string;
  /** What preflightPython found, for run.json. */
  pythonInfo?: PythonInfo;
  /** Working directory of the script (default: the script's folder's workspace, i.e. `workspaceRoot`). */
  cwd?: string;
  /** Holds `.fitwatch/runs/`. */
  workspaceRoot: string;
  /** Default: findHookDir(). */
  hookDir?: string;
  /** The user's environment, passed on unchanged apart from the hook (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** `inherit`: the script writes to this process's stdout (Keras' progress bar sees the terminal); `pipe`: through listener.output. */
  stdout: 'inherit' | 'pipe';
  /** Stop: Keras' stop_training, then SIGINT after this long, then a kill after as long again (default 5000). */
  stopGraceMs?: number;
  /** Least time between batch-progress messages (default 500). */
  batchIntervalMs?: number;
  /** The spec snapshot written into each run folder: Fitwatch's reading of the script's model. */
  specFor(begin: FitBeginMessage): FitwatchSpec;
  /** The run id of the first fit (later fits add `-fit<k>`); default: one made from the script's name. */
  runId?: string;
  /** Folder the run folders go in (default `<workspaceRoot>/.fitwatch/runs`). */
  runsDir?: string;
  /**
   * The writer of a fit's run folder when the caller owns it (the Keras engine: the trainer made
   * the folder and the script in it); the runner then neither creates the folder nor copies the script.
   */
  writerFor?(begin: FitBeginMessage, id: string, dir: string): RunWriter;
  listener?: KerasScriptListener;
}

/** How the script run ended. */
export interface KerasScriptResult {
  runs: ScriptRun[];
  exitCode: number | null;
  signal: string | null;
  /** Stop was asked for. */
  stopped: boolean;
  /** Why the script did not give a clean run, if it did not. */
  problem?: Problem;
  /** The end of the script's stderr. */
  stderrTail: string;
}

/** Bytes of stderr kept for the traceback. */
const STDERR_KEEP = 256 * 1024;

/** Best epoch by `val_loss` when the run has it, else `loss` (lower is better for both). */
function bestOf(history: History): Pick<RunInfo, 'bestEpoch' | 'bestValue' | 'monitor'> {
  const monitor = history.some((r) => r.logs.val_loss !== undefined) ? 'val_loss' : 'loss';
  let best: EpochRecord | undefined;
  for (const r of history) {
    const v = r.logs[monitor];
    if (v !== undefined && Number.isFinite(v) && (best === undefined || v < (best.logs[monitor] ?? Infinity))) best = r;
  }
  return best ? { monitor, bestEpoch: best.epoch, bestValue: best.logs[monitor] } : { monitor };
}

function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** A running script. `done` resolves once the process and all its output have ended. */
export class KerasScriptRun {
  /** Resolves when the script has exited and every run folder is final. */
  readonly done: Promise<KerasScriptResult>;
  private readonly child: ChildProcess;
  private readonly runs: ScriptRun[] = [];
  private readonly writers = new Map<number, RunWriter>();
  private readonly baseId: string;
  private readonly scriptLabel: string;
  private stderr = '';
  private stopRequested = false;
  private stopStage = 0;
  private stopTimer: NodeJS.Timeout | undefined;
  private exited = false;
  private spawnError: NodeJS.ErrnoException | undefined;

  private get runsDir(): string {
    return this.opts.runsDir ?? join(this.opts.workspaceRoot, RUNS_FOLDER);
  }

  constructor(private readonly opts: KerasScriptOptions) {
    const rel = relative(opts.workspaceRoot, opts.script);
    this.scriptLabel = rel.startsWith('..') || isAbsolute(rel) ? opts.script : rel;
    this.baseId = opts.runId ?? newRunId(basename(opts.script).replace(/\.py$/i, ''));
    const hookDir = opts.hookDir ?? findHookDir();
    const env = { ...(opts.env ?? process.env) };
    const original = env.PYTHONPATH ?? '';
    Object.assign(env, {
      PYTHONPATH: original ? `${hookDir}${delimiter}${original}` : hookDir,
      // The hook puts these back / removes them, so the script sees the environment it would have had.
      FITWATCH_ORIGINAL_PYTHONPATH: original,
      FITWATCH_CHANNEL_FD: '3',
      FITWATCH_RUNS_DIR: this.runsDir,
      FITWATCH_RUN_ID: this.baseId,
      FITWATCH_SCRIPT: opts.script,
      FITWATCH_BATCH_INTERVAL: String((opts.batchIntervalMs ?? 500) / 1000),
      // Python's own output reaches Fitwatch as it is written, not when a buffer fills.
      PYTHONUNBUFFERED: env.PYTHONUNBUFFERED ?? '1',
    });
    this.child = spawn(opts.python, [opts.script, ...(opts.args ?? [])], {
      cwd: opts.cwd ?? opts.workspaceRoot,
      env,
      stdio: ['ignore', opts.stdout === 'inherit' ? 'inherit' : 'pipe', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches Fitwatch, which stops the run gracefully.
      detached: true,
    });
    this.done = new Promise((resolveDone) => {
      this.child.on('error', (e: NodeJS.ErrnoException) => {
        this.spawnError = e;
      });
      this.child.on('close', (code, signal) => {
        this.exited = true;
        if (this.stopTimer) clearTimeout(this.stopTimer);
        resolveDone(this.finish(code, signal));
      });
    });
    this.wire();
  }

  /** The fit being trained now, if any. */
  get active(): ScriptRun | undefined {
    const last = this.runs[this.runs.length - 1];
    return last && last.status === 'running' ? last : undefined;
  }

  /** The process id (for the owner to kill on dispose). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Stop: asks Keras to stop after the current batch (`model.stop_training = True`); if the fit
   * has not ended after the grace time, SIGINT (KeyboardInterrupt); then SIGKILL. Calling it
   * again skips to the next step. Outside a fit it starts with SIGINT.
   */
  stop(): void {
    if (this.exited) return;
    this.stopRequested = true;
    const grace = this.opts.stopGraceMs ?? 5000;
    const active = this.active;
    if (this.stopStage === 0 && active) {
      this.stopStage = 1;
      this.command(active, { command: 'stop' });
    } else if (this.stopStage <= 1) {
      this.stopStage = 2;
      this.signal('SIGINT');
    } else {
      this.stopStage = 3;
      this.signal('SIGKILL');
      return;
    }
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = setTimeout(() => {
      // A stop command that ended the fit has done its job; the script finishes its own work after fit.
      if (this.stopStage === 1 && !this.active) return;
      this.stop();
    }, grace);
  }

  /** Sets the optimizer's learning rate of the fit in progress; false when no fit is running. */
  setLearningRate(value: number): boolean {
    const active = this.active;
    if (!active) return false;
    this.command(active, { command: 'setLr', value });
    return true;
  }

  /** Multiplies the learning rate of the fit in progress by `factor`; false when no fit is running. */
  reduceLearningRate(factor: number): boolean {
    const active = this.active;
    if (!active) return false;
    this.command(active, { command: 'reduceLr', factor });
    return true;
  }

  /** Kills the script at once (the owner is going away). */
  dispose(): void {
    if (!this.exited) this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      // The whole group: the script's own workers (DataLoader, multiprocessing) go too.
      process.kill(-pid, sig);
    } catch {
      try {
        this.child.kill(sig);
      } catch {
        // already gone
      }
    }
  }

  private command(run: ScriptRun, command: ControlCommand): void {
    appendFileSync(join(run.dir, RUN_FILES.control), `${JSON.stringify(command)}\n`);
  }

  private wire(): void {
    const channel = this.child.stdio[3];
    if (channel && 'on' in channel) {
      const decoder = new StringDecoder('utf8');
      let partial = '';
      channel.on('data', (chunk: Buffer) => {
        const lines = (partial + decoder.write(chunk)).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const msg = line.trim() ? parseScriptMessage(line) : undefined;
          if (!msg) continue;
          try {
            this.handle(msg);
          } catch (e: unknown) {
            // A run folder that cannot be written (disk full, permissions) must not take the script down with it.
            this.opts.listener?.output?.('stderr', `fitwatch: could not record ${msg.type} of fit ${msg.index}: ${errorMessage(e)}\n`);
          }
        }
      });
    }
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEEP);
      this.opts.listener?.output?.('stderr', text);
    });
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (text: string) => this.opts.listener?.output?.('stdout', text));
  }

  private handle(msg: ScriptMessage): void {
    const listener = this.opts.listener ?? {};
    if (msg.type === 'fitBegin') {
      this.begin(msg);
      return;
    }
    const run = this.runs.find((r) => r.index === msg.index);
    const writer = this.writers.get(msg.index);
    if (!run || !writer) return;
    switch (msg.type) {
      case 'epoch': {
        const logs = Object.fromEntries(Object.entries(msg.logs).map(([k, v]) => [normalizeLogKey(k), v]));
        const record: EpochRecord = { epoch: msg.epoch, logs, durationMs: msg.durationMs };
        run.history.push(record);
        writer.appendEpoch(record);
        listener.epoch?.(run, record);
        break;
      }
      case 'batch':
        listener.batch?.(run, msg);
        break;
      case 'event':
        run.events.push(msg.event);
        writer.appendEvent(msg.event);
        listener.event?.(run, msg.event);
        break;
      case 'control':
        listener.control?.(run, msg);
        break;
      case 'fitEnd':
        this.end(run, writer, msg.reason);
        break;
      case 'fitError':
        // After Stop, the KeyboardInterrupt of the SIGINT step is the stop itself, not a failure.
        if (this.stopRequested) {
          this.end(run, writer, 'stopped');
        } else {
          run.error = msg.error;
          this.end(run, writer, 'failed');
        }
        break;
    }
  }

  private source(begin: FitBeginMessage): KerasScriptSource {
    const src: KerasScriptSource = {
      kind: 'keras-script',
      script: this.scriptLabel,
      args: this.opts.args ?? [],
      python: this.opts.pythonInfo?.executable ?? this.opts.python,
      keras: begin.keras,
      fitIndex: begin.index,
    };
    if (begin.call && samePath(begin.call.file, this.opts.script)) src.fitLine = begin.call.line;
    return src;
  }

  private begin(msg: FitBeginMessage): void {
    const id = fitRunId(this.baseId, msg.index);
    const dir = join(this.runsDir, id);
    const previous = this.runs[this.runs.length - 1];
    const source = this.source(msg);
    if (previous) source.previousRunId = previous.id;
    const info: RunInfo = {
      id,
      specName: basename(this.opts.script),
      status: 'running',
      engine: 'keras',
      backend: msg.keras,
      startedAt: new Date().toISOString(),
      epochs: 0,
      totalEpochs: msg.epochs,
      monitor: msg.validationSplit > 0 || msg.hasValidationData ? 'val_loss' : 'loss',
      // Both monitors are losses: lower is better.
      direction: 'min',
      source,
    };
    const owned = this.opts.writerFor?.(msg, id, dir);
    const writer = owned ?? RunWriter.create(dir, info, this.opts.specFor(msg), this.opts.workspaceRoot);
    if (!owned) {
      try {
        copyFileSync(this.opts.script, join(dir, RUN_FILES.script));
      } catch {
        // The script may have been moved while it runs; the run is still worth keeping.
      }
    }
    if (previous) {
      const prevWriter = this.writers.get(previous.index);
      const prevSource = prevWriter?.current.source;
      if (prevWriter && prevSource) prevWriter.update({ source: { ...prevSource, nextRunId: id } });
    }
    const run: ScriptRun = { index: msg.index, id, dir, begin: msg, history: [], events: [], status: 'running' };
    this.runs.push(run);
    this.writers.set(msg.index, writer);
    this.opts.listener?.fitBegin?.(run);
  }

  private end(run: ScriptRun, writer: RunWriter, status: RunStatus): void {
    if (run.status !== 'running') return;
    run.status = status;
    const patch: Partial<RunInfo> = { status, epochs: run.history.length, ...bestOf(run.history) };
    if (run.error) patch.error = run.error;
    writer.finish(patch);
    this.opts.listener?.fitEnd?.(run);
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): KerasScriptResult {
    const stopped = this.stopRequested;
    let problem: Problem | undefined;
    if (this.spawnError) {
      problem = noPythonProblem(this.opts.python, this.spawnError.code === 'ENOENT' ? 'not found' : this.spawnError.message);
    } else {
      let usesFitGenerator = false;
      try {
        usesFitGenerator = /\bfit_generator\s*\(/.test(readFileSync(this.opts.script, 'utf8'));
      } catch {
        usesFitGenerator = false;
      }
      problem = scriptEndProblem({
        script: this.scriptLabel,
        python: this.opts.python,
        executable: this.opts.pythonInfo?.executable ?? '',
        fits: this.runs.length,
        exitCode: code,
        signal,
        stopped,
        stderr: this.stderr,
        samePath: (a, b) => samePath(a, isAbsolute(b) ? b : join(this.opts.workspaceRoot, b)),
        usesFitGenerator,
      });
    }
    // A fit cut off by the process ending: stopped if Stop was pressed, else failed with the reason.
    for (const run of this.runs) {
      if (run.status !== 'running') continue;
      const writer = this.writers.get(run.index);
      if (!stopped) run.error = problem?.message ?? `the script ended (${signal ?? `exit code ${code}`}) during fit`;
      if (writer) this.end(run, writer, stopped ? 'stopped' : 'failed');
    }
    return { runs: this.runs, exitCode: code, signal, stopped, problem, stderrTail: this.stderr.slice(-8000) };
  }
}

/** Starts `opts.script`; see KerasScriptRun. */
export function startKerasScript(opts: KerasScriptOptions): KerasScriptRun {
  return new KerasScriptRun(opts);
}
