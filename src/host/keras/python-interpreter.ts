/**
 * Which Python runs the user's script: the Python extension's selected interpreter when its API
 * offers one, else the `fitwatch.pythonPath` setting, else `python3`. The Python extension's API
 * has changed shape over the years, so each form is checked rather than assumed.
 */
import * as vscode from 'vscode';

/** The interpreter and where the choice came from (said in the output, so a wrong one is easy to fix). */
export interface ChosenPython {
  command: string;
  from: 'python-extension' | 'setting' | 'default';
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}

/** The Python extension's interpreter for `resource`, if it is installed (and active, unless `activate`) and says. */
async function fromPythonExtension(resource: vscode.Uri, activate: boolean): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension('ms-python.python');
  if (!ext || (!activate && !ext.isActive)) return undefined;
  try {
    const api = record(ext.isActive ? ext.exports : await ext.activate());
    // Current API: environments.getActiveEnvironmentPath(resource) → { path }.
    const environments = record(api?.environments);
    const getActive = environments?.getActiveEnvironmentPath;
    if (typeof getActive === 'function') {
      const env = record((getActive as (r: vscode.Uri) => unknown).call(environments, resource));
      if (typeof env?.path === 'string' && env.path) return env.path;
    }
    // Older API: settings.getExecutionDetails(resource).execCommand[0].
    const settings = record(api?.settings);
    const details = settings?.getExecutionDetails;
    if (typeof details === 'function') {
      const exec = record((details as (r: vscode.Uri) => unknown).call(settings, resource))?.execCommand;
      if (Array.isArray(exec) && typeof exec[0] === 'string' && exec[0]) return exec[0];
    }
  } catch {
    // An API that fails is an API that did not say: fall back to the setting.
  }
  return undefined;
}

/**
 * Chooses the interpreter for `script` (or a spec the Keras engine may run). `activate: false`
 * skips a Python extension that is not running yet, for a run that only might need Python.
 */
export async function choosePython(script: vscode.Uri, activate = true): Promise<ChosenPython> {
  const fromExtension = await fromPythonExtension(script, activate);
  if (fromExtension) return { command: fromExtension, from: 'python-extension' };
  const setting = vscode.workspace.getConfiguration('fitwatch', script).get<string>('pythonPath');
  if (typeof setting === 'string' && setting.trim()) return { command: setting.trim(), from: 'setting' };
  return { command: 'python3', from: 'default' };
}
