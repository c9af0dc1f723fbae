/**
 * The extension's entry point: wiring only. Activation is lazy (commands, the curves panel's
 * restore) and cheap; nothing here loads TensorFlow.js — training runs in a forked process.
 */
import type * as vscode from 'vscode';
import { activateHost, type ActivatedHost, type FitwatchApi } from './host/host';

let host: ActivatedHost | undefined;

/** Registers commands, the panel serializer, diagnostics and quick fixes; returns the test API. */
export function activate(context: vscode.ExtensionContext): FitwatchApi {
  host = activateHost(context);
  return host.api;
}

/** Stops live runs gracefully (each saves what it has; partial runs stay on disk). */
export async function deactivate(): Promise<void> {
  const h = host;
  host = undefined;
  await h?.shutdown();
}
