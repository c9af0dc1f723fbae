/**
 * What may be done with a run found on disk, decided from the run folder alone: where its
 * spec is (checked against the workspace by real path, see run-paths.ts), whether Apply fix and
 * Train again may touch it, whether it was interrupted and can be resumed, and with which spec
 * and data. The host adds what only VS Code knows (workspace trust, the window's own records)
 * and shows the reasons; everything here is pure of vscode so it is tested in plain Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSpecFile } from '../shared/dataset-files';
import type { Problem } from '../shared/location';
import { RUN_FILES, type RunInfo } from '../shared/run';
import type { FitwatchSpec } from '../shared/spec';
import { parseSpec } from '../shared/spec/index';
import { specSnapshotText } from '../shared/spec/snapshot';
import { errorMessage } from '../shared/error-message';
import { readCheckpoint } from './checkpoint';
import { resolveRunPath } from './run-paths';

/** Why Apply fix and Train again are off in a workspace VS Code does not trust. */
export const UNTRUSTED_REASON =
  'this workspace is not trusted (Restricted Mode). Fitwatch applies fixes and trains only in a trusted workspace: use Manage Workspace Trust to trust it.';

/** A run's spec file, found and checked, or why it cannot be used. */
export type RunSpecFile = { ok: true; specFile: string; relPath: string } | { ok: false; reason: string; problem?: Problem };

/**
 * The spec file run.json's `specPath` names, resolved against the workspace and refused when
 * it leaves it (lexically or through a link), does not exist, or is not a `*.fitwatch.json`:
 * a run folder must not make Apply fix edit `settings.json` or Train again train a script.
 */
export function locateRunSpec(workspaceRoot: string, runDir: string, info: RunInfo): RunSpecFile {
  const source = join(runDir, RUN_FILES.info);
  if (info.specPath === undefined)
    return { ok: false, reason: 'the run was trained from a data file or a sample, not a spec file, so there is no spec to change.' };
  const r = resolveRunPath(workspaceRoot, info.specPath, { field: 'specPath', source, mustExist: true });
  if (!r.ok) return { ok: false, reason: r.problem.message, problem: r.problem };
  if (!isSpecFile(r.absPath)) {
    const problem: Problem = {
      severity: 'error',
      code: 'runs/spec-path-not-a-spec',
      message: `specPath "${info.specPath}" in ${source} names ${r.relPath}, which is not a *.fitwatch.json spec.`,
      fix: 'Fitwatch only applies fixes to and trains training specs; open the spec itself to change it.',
      location: { file: source, jsonPath: ['specPath'] },
    };
    return { ok: false, reason: problem.message, problem };
  }
  return { ok: true, specFile: r.absPath, relPath: r.relPath };
}

/** Why Apply fix and Train again are off for this run, or undefined when they are on. */
export function editBlockedReason(trusted: boolean, spec: RunSpecFile): string | undefined {
  if (!trusted) return UNTRUSTED_REASON;
  return spec.ok ? undefined : spec.reason;
}

/** Two specs train the same thing (comments, order and spelt-out defaults aside). */
export function sameSpec(a: FitwatchSpec, b: FitwatchSpec): boolean {
  return specSnapshotText(a) === specSnapshotText(b);
}

/** The run folder's spec snapshot, parsed; or the problem that stops it being used. */
export function readSpecSnapshot(runDir: string): { spec: FitwatchSpec; text: string } | { problem: Problem } {
  const file = join(runDir, RUN_FILES.spec);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      problem: {
        severity: 'error',
        code: 'runs/no-spec-snapshot',
        message: `${file} cannot be read (${errorMessage(e)}).`,
        fix: 'The run folder is incomplete; train the spec again instead.',
        location: { file },
      },
    };
  }
  const { spec, problems } = parseSpec(text, file);
  if (spec) return { spec, text };
  return {
    problem: problems.find((p) => p.severity === 'error') ?? {
      severity: 'error',
      code: 'runs/bad-spec-snapshot',
      message: `${file} is not a valid spec.`,
      location: { file },
    },
  };
}

/** Statuses a run ends in without having finished: Resume may go on from them. */
const UNFINISHED = new Set<RunInfo['status']>(['interrupted', 'running', 'stopped', 'failed']);

/** Whether the run was cut short by something other than the user (status `interrupted`, or `running` with no trainer). */
export function isInterrupted(info: RunInfo, live: boolean): boolean {
  return !live && (info.status === 'interrupted' || info.status === 'running');
}

/** What happened to an interrupted run, in words: the window's own record if it has one, else run.json's reason. */
export function interruptionText(info: RunInfo, recorded?: string): string {
  const sentence = (s: string): string => {
    const t = s.trim();
    return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
  };
  const parts: string[] = [];
  // The window knows more than run.json ("reloaded at epoch N" vs "both processes are gone").
  if (recorded) parts.push(sentence(recorded));
  else if (info.interruption) parts.push(sentence(info.interruption));
  if (info.error && info.error !== info.interruption) parts.push(sentence(info.error));
  if (parts.length === 0)
    parts.push(`The trainer is gone after ${info.epochs} of ${info.totalEpochs} epochs and the run did not finish; the reason was not recorded.`);
  return parts.join(' ');
}

/** Where a resume continues from, or why there is none. */
export type ResumePlan =
  { ok: true; spec: FitwatchSpec; specText: string; specFile: string | undefined; fromEpoch: number } | { ok: false; reason: string; problem?: Problem };

/**
 * Whether the run in `runDir` can be resumed, and how: its own spec snapshot (the model it was
 * training), the spec file it came from (for data paths and error locations, checked), its data
 * path checked against the workspace, and the checkpoint's epoch.
 */
export function planResume(workspaceRoot: string, runDir: string, info: RunInfo, live: boolean): ResumePlan {
  if (live) return { ok: false, reason: 'the run is still training.' };
  if (!UNFINISHED.has(info.status))
    return { ok: false, reason: `the run ${info.status === 'completed' ? 'completed' : `ended (${info.status})`}; train the spec again to go further.` };
  const checkpointFile = join(runDir, RUN_FILES.checkpoint);
  if (!existsSync(checkpointFile))
    return { ok: false, reason: `the run folder has no checkpoint (${RUN_FILES.checkpoint}) to resume from; train the spec again instead.` };
  let fromEpoch: number;
  try {
    // The checkpoint itself says where training goes on (run.json may lag it by a write).
    fromEpoch = readCheckpoint(runDir)?.meta.epochs ?? info.checkpoint?.epochs ?? info.epochs;
  } catch (e) {
    return { ok: false, reason: `${checkpointFile} cannot be read: ${errorMessage(e)}` };
  }
  if (info.totalEpochs > 0 && fromEpoch >= info.totalEpochs)
    return { ok: false, reason: `all ${info.totalEpochs} epochs are done; there is nothing left to resume.` };
  const snapshot = readSpecSnapshot(runDir);
  if ('problem' in snapshot) return { ok: false, reason: snapshot.problem.message, problem: snapshot.problem };
  let specFile: string | undefined;
  if (info.specPath !== undefined) {
    const r = resolveRunPath(workspaceRoot, info.specPath, { field: 'specPath', source: join(runDir, RUN_FILES.info) });
    if (!r.ok) return { ok: false, reason: r.problem.message, problem: r.problem };
    specFile = r.absPath;
  }
  const data = snapshot.spec.data;
  if (data.kind === 'file') {
    const baseDir = specFile ? dirname(specFile) : workspaceRoot;
    const source = join(runDir, RUN_FILES.spec);
    for (const [field, value] of [
      ['data.path', data.path],
      ['data.labelsPath', data.labelsPath],
    ] as const) {
      if (value === undefined) continue;
      const r = resolveRunPath(workspaceRoot, value, { field, source, baseDir, mustExist: true });
      if (!r.ok) return { ok: false, reason: r.problem.message, problem: r.problem };
    }
  }
  return { ok: true, spec: snapshot.spec, specText: snapshot.text, specFile, fromEpoch };
}
