/** The `fitwatch` task definition and the CLI arguments it stands for. Pure (no vscode), so unit-tested. */

/** The task type in package.json's taskDefinitions. */
export const TASK_TYPE = 'fitwatch';

/** A `fitwatch` task as tasks.json spells it. */
export interface FitwatchTaskDefinition {
  type: string;
  [key: string]: unknown;
  /** The spec (or data file), relative to the workspace folder. */
  spec: string;
  epochs?: number;
  backend?: 'auto' | 'wasm' | 'cpu';
  engine?: 'auto' | 'tfjs' | 'fast' | 'keras';
  /** The Keras engine's interpreter (`--python`). */
  python?: string;
  /** Most threads for the fast engine's wide layers (`--threads`). */
  threads?: number;
  /** `--fix`: write the preferred fix of the most severe warning or error into the spec when the run ends (info findings are listed, not applied). */
  fix?: boolean;
}

/** Whether tasks.json's object is a usable fitwatch task. */
export function isDefinition(d: { type: string; [k: string]: unknown }): d is FitwatchTaskDefinition {
  return d.type === TASK_TYPE && typeof d.spec === 'string' && d.spec.length > 0;
}

/** The CLI's arguments for a definition. */
export function cliArgs(d: FitwatchTaskDefinition): string[] {
  const args = ['train', d.spec];
  if (typeof d.epochs === 'number') args.push('--epochs', String(d.epochs));
  if (d.backend) args.push('--backend', d.backend);
  if (d.engine) args.push('--engine', d.engine);
  if (typeof d.python === 'string' && d.python) args.push('--python', d.python);
  if (typeof d.threads === 'number' && Number.isInteger(d.threads) && d.threads >= 1) args.push('--threads', String(d.threads));
  if (d.fix) args.push('--fix');
  return args;
}
