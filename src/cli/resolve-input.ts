/**
 * Turns what was typed after `fitwatch train` into a resolved spec: a spec file is parsed with
 * located problems, a bare data file gets the spec the editor's "New Training Spec" would write,
 * and --sample is the embedded seed spec.
 */
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { fileError } from '../shared/file-errors';
import { requireRunsFolder } from '../runs/run-paths';

function isDanglingLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink() && !existsSync(p);
  } catch {
    return false;
  }
}
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { peekDataFile } from '../data/peek';
import type { DatasetSummary, Task } from '../shared/dataset';
import type { GeneratedSpecSource } from '../shared/protocol/trainer';
import { FitwatchError, type Problem } from '../shared/location';
import { generateSpecText, parseSpec } from '../shared/spec';
import type { FitwatchSpec } from '../shared/spec';
import { SEED_SPEC_TEXT } from './sample-spec';

/** A spec ready to send to the trainer. */
export interface TrainInput {
  spec: FitwatchSpec;
  /** Absolute spec path for the trainer (virtual for generated specs: data paths resolve beside it). */
  specFile?: string;
  /** What to call the input in messages. */
  label: string;
  workspaceRoot: string;
  /** Parsed JSON of the spec text, for the coach's fixes. */
  rawSpec?: unknown;
  /** Non-fatal spec problems to print. */
  warnings: Problem[];
  /** The text of a spec the user wrote (not a generated one): what `--fix` edits. */
  specText?: string;
  /** For a data file: what the trainer needs to settle the generated spec's task from every label. */
  generated?: GeneratedSpecSource;
  /**
   * For a data file: brings `spec` (in place) and `rawSpec` up to the task the trainer settled,
   * from its `dataset` message, so the coach reads the spec that actually trained.
   */
  settle?(summary: DatasetSummary): void;
  /** For a data file: the generated spec's text (settled once the trainer read every label), which `--fix` writes to `specFile` before fixing it. */
  generatedSpecText?: string;
}

/** The spec had errors: print them and exit 2. */
export class SpecProblems extends Error {
  override name = 'SpecProblems';
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s) in the spec`);
  }
}

const DATA_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.npy', '.jsonl', '.ndjson']);

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The workspace: as given, else the cwd when the input lives under it, else the input's folder. */
export function chooseWorkspace(inputAbs: string | undefined, cwd: string, explicit?: string): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  if (inputAbs === undefined || isInside(cwd, inputAbs)) return cwd;
  return dirname(inputAbs);
}

function parseOrThrow(text: string, file: string): { spec: FitwatchSpec; warnings: Problem[]; rawSpec: unknown } {
  const result = parseSpec(text, file);
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.spec || errors.length > 0) throw new SpecProblems(result.problems);
  // The coach edits paths that exist in the file as written, so it gets the raw JSON, not the resolved spec.
  const rawSpec: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  return { spec: result.spec, warnings: result.problems.filter((p) => p.severity === 'warning'), rawSpec };
}

/** For X.npy, the sibling labels file y.npy (or X_train.npy → y_train.npy) if it exists. */
function guessNpyLabels(abs: string): string | undefined {
  const name = basename(abs);
  if (!/^x/i.test(name)) return undefined;
  for (const candidate of [name.replace(/^x/, 'y'), name.replace(/^X/, 'y'), name.replace(/^X/, 'Y')]) {
    const p = join(dirname(abs), candidate);
    if (candidate !== name && existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Resolves the train input; throws SpecProblems, or FitwatchError (a missing or unreadable file,
 * bad data, or a `.fitwatch` that is a symbolic link: runs would be written outside the workspace).
 */
export async function resolveTrainInput(target: string | undefined, cwd: string, workspace?: string): Promise<TrainInput> {
  const input = await resolveInput(target, cwd, workspace);
  requireRunsFolder(input.workspaceRoot);
  return input;
}

async function resolveInput(target: string | undefined, cwd: string, workspace?: string): Promise<TrainInput> {
  if (target === undefined) {
    const { spec, warnings, rawSpec } = parseOrThrow(SEED_SPEC_TEXT, 'seed.fitwatch.json');
    return { spec, label: 'the embedded seed sample', workspaceRoot: chooseWorkspace(undefined, cwd, workspace), rawSpec, warnings };
  }
  const abs = resolve(cwd, target);
  let isFile = false;
  try {
    isFile = statSync(abs).isFile();
  } catch (err) {
    const problem = fileError(err, { what: target, absPath: abs, location: { file: target }, dangling: isDanglingLink(abs) });
    if (problem && problem.problem.code !== 'file/not-found') throw problem;
  }
  if (!isFile) {
    throw new FitwatchError({
      code: 'cli/no-such-file',
      message: `${target} does not exist or is not a file.`,
      fix: 'Check the path; give a *.fitwatch.json spec or a .csv/.tsv/.npy/.jsonl data file.',
      location: { file: target },
    });
  }
  const workspaceRoot = chooseWorkspace(abs, cwd, workspace);
  const ext = extname(abs).toLowerCase();
  if (DATA_EXTENSIONS.has(ext)) {
    const labelsAbs = ext === '.npy' ? guessNpyLabels(abs) : undefined;
    // Only the header and first rows: the trainer parses the file, once, and settles the task.
    const info = await peekDataFile(abs, target, labelsAbs);
    const name = basename(abs).replace(/\.[^.]+$/, '');
    const source: GeneratedSpecSource = { dataPath: basename(abs), ...(labelsAbs ? { labelsPath: basename(labelsAbs) } : {}), name };
    const generate = (task: Task, classes: number | undefined): string => generateSpecText({ ...source, task, classes, features: info.features });
    const specFile = join(dirname(abs), `${name}.fitwatch.json`);
    const { spec, warnings, rawSpec } = parseOrThrow(generate(info.task, info.classes?.length), specFile);
    const input: TrainInput = {
      spec,
      specFile,
      label: `${target} (generated spec: ${info.complete ? `${info.task}, ` : ''}${info.features} features${info.complete ? '' : '; the task follows from the labels'})`,
      workspaceRoot,
      rawSpec,
      warnings,
      generated: source,
      generatedSpecText: generate(info.task, info.classes?.length),
      settle: (summary) => {
        const settled = parseOrThrow(generate(summary.task, summary.classes?.length), specFile);
        spec.model = settled.spec.model;
        spec.compile = settled.spec.compile;
        input.rawSpec = settled.rawSpec;
        input.generatedSpecText = generate(summary.task, summary.classes?.length);
      },
    };
    return input;
  }
  let specText: string;
  try {
    specText = readFileSync(abs, 'utf8');
  } catch (err) {
    throw fileError(err, { what: `The spec ${target}`, absPath: abs, location: { file: target } }, 'read') ?? err;
  }
  const { spec, warnings, rawSpec } = parseOrThrow(specText, target);
  return { spec, specFile: abs, label: target, workspaceRoot, rawSpec, warnings, specText };
}
