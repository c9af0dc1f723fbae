/**
 * Runs as the panel and the pickers see them: from memory while this window owns the run,
 * from `.fitwatch/runs/<id>/` on disk otherwise (other windows, the CLI, earlier sessions).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../shared/findings';
import type { EpochRecord } from '../../shared/metrics';
import type { RunChoice, RunView } from '../../shared/protocol/panel';
import { RUN_FILES, type RunInfo } from '../../shared/run';
import type { FitwatchSpec } from '../../shared/spec';
import { parseSpec } from '../../shared/spec/index';
import { withLiveness } from '../../runs/liveness';
import { listRuns, readRun } from '../../runs/read';
import { locateRunSpec } from '../../runs/run-actions';
import { RUNS_FOLDER } from '../../runs/run-id';
import { runChoice } from './run-labels';
import type { TrainingManager } from '../training/training-manager';

/** Where runs live inside a workspace folder. */
export const RUNS_DIR = RUNS_FOLDER;

/** Diagnoses a finished run from its history and spec (the coach, adapted by the host). */
export type FinishedRunCoach = (history: EpochRecord[], spec: FitwatchSpec, specText: string) => Finding[];

/** A run found on disk, with the workspace folder it belongs to. */
export interface RunOnDisk {
  root: string;
  dir: string;
  info: RunInfo;
}

/** Finished runs whose views are kept, so flipping between overlays does not re-read files. */
const CACHE_SIZE = 16;

/** Lists and loads runs across the workspace folders. */
export class RunRepository {
  private readonly cache = new Map<string, RunView>();

  constructor(
    private readonly manager: TrainingManager,
    private readonly coach: FinishedRunCoach | undefined,
  ) {}

  /** The workspace folders runs are looked up in. */
  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /** Every run on disk, newest first. */
  async list(): Promise<RunOnDisk[]> {
    const all: RunOnDisk[] = [];
    for (const root of this.roots()) {
      for (const { dir, info } of listRuns(root)) all.push({ root, dir, info: this.liveInfo(info) });
    }
    return all.sort((a, b) => b.info.startedAt.localeCompare(a.info.startedAt));
  }

  /** The newest run in memory or on disk. */
  async newestRunId(): Promise<string | undefined> {
    const live = this.manager.live();
    if (live.length) return live[live.length - 1].target.runId;
    return (await this.list())[0]?.info.id;
  }

  /** The folder of a run and its workspace root, if it exists. */
  locate(runId: string): { root: string; dir: string } | undefined {
    const session = this.manager.get(runId);
    if (session) return { root: session.target.workspaceRoot, dir: session.target.runDir };
    for (const root of this.roots()) {
      const dir = join(root, RUNS_DIR, runId);
      if (existsSync(join(dir, RUN_FILES.info)) || existsSync(join(dir, RUN_FILES.metrics))) return { root, dir };
    }
    return undefined;
  }

  /**
   * The spec file a run trained, for Apply fix and Train again. A disk run's `specPath` is only
   * run.json's say-so: it is resolved by real path and must be a spec inside the workspace, else
   * this throws saying why (nothing outside the workspace is ever edited or trained).
   */
  async specUriOf(runId: string): Promise<vscode.Uri | undefined> {
    const session = this.manager.get(runId);
    if (session) return session.target.specUri;
    const loc = this.locate(runId);
    const view = await this.view(runId);
    if (!loc || !view) return undefined;
    const spec = locateRunSpec(loc.root, loc.dir, view.info);
    if (!spec.ok) throw new Error(`Run ${runId}: ${spec.reason}`);
    return vscode.Uri.file(spec.specFile);
  }

  /** A run as the panel draws it, or undefined when it does not exist. */
  async view(runId: string): Promise<RunView | undefined> {
    const session = this.manager.get(runId);
    if (session) return session.run.view();
    const cached = this.cache.get(runId);
    if (cached) return cached;
    const loc = this.locate(runId);
    if (!loc) return undefined;
    const { info: written, history, events } = readRun(loc.dir);
    // `running` with its trainer gone reads as `interrupted`, with the reason run.json allows.
    const info = withLiveness(written);
    const view: RunView = { info, history, events, findings: await this.diagnose(loc.dir, history), live: false };
    // A run another process is still writing (or one that may be resumed) must be re-read next time.
    if (info.status !== 'running' && info.status !== 'interrupted') this.remember(runId, view);
    return view;
  }

  /** Drops the kept view of a run that changes on disk again (a resume). */
  forget(runId: string): void {
    this.cache.delete(runId);
  }

  /** Other runs of the same spec, for the panel's comparison picker. */
  async choices(info: RunInfo): Promise<RunChoice[]> {
    const key = info.specPath ?? info.specName;
    const runs = await this.list();
    return runs.filter((r) => (r.info.specPath ?? r.info.specName) === key).map((r) => runChoice(r.info));
  }

  /** A disk run's info, with `running` corrected when this window knows better. */
  private liveInfo(info: RunInfo): RunInfo {
    return this.manager.get(info.id)?.run.info ?? info;
  }

  private async diagnose(dir: string, history: EpochRecord[]): Promise<Finding[]> {
    if (!this.coach || history.length === 0) return [];
    try {
      const text = await readFile(join(dir, RUN_FILES.spec), 'utf8');
      const { spec } = parseSpec(text, join(dir, RUN_FILES.spec));
      return spec ? this.coach(history, spec, text) : [];
    } catch {
      // An old run without its spec copy still draws; it just gets no advice.
      return [];
    }
  }

  private remember(runId: string, view: RunView): void {
    this.cache.set(runId, view);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }
}
