/**
 * The Python a spec run hands to the Keras engine: the interpreter "Run with Fitwatch" would use
 * (the Python extension's, else `fitwatch.pythonPath`), so one choice serves both. Only runs that
 * may use Keras ask; `auto` does not wake a Python extension that is not running yet.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { resolvePythonCommand } from '../../keras/live-runner-node';
import type { EngineChoice } from '../../shared/spec';
import { choosePython } from '../keras/python-interpreter';

/** The interpreter for a run of `specUri` on `engine`; undefined when the run cannot use Keras or nothing was chosen (the trainer then uses FITWATCH_PYTHON or python3). */
export async function pythonForSpec(specUri: vscode.Uri, engine: EngineChoice): Promise<string | undefined> {
  if (engine !== 'keras' && engine !== 'auto') return undefined;
  const chosen = await choosePython(specUri, engine === 'keras');
  if (chosen.from === 'default') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(specUri)?.uri.fsPath ?? dirname(specUri.fsPath);
  return resolvePythonCommand(chosen.command, process.env, folder);
}
