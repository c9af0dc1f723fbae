/**
 * The `fitwatch.keras.watching` context key: true while a Keras log is being followed, so
 * "Stop Watching Keras Log" is offered only when there is something to stop; and
 * `fitwatch.keras.scriptRunning`: true while a script run by "Run with Fitwatch" trains, so the
 * palette's Stop Training and Reduce Learning Rate Now reach it.
 */
import * as vscode from 'vscode';
import type { KerasRunStore } from './run-store';

/** Sets the key from the store's live tails; call after a tail starts or stops. */
export function updateWatchingContext(store: KerasRunStore): void {
  void vscode.commands.executeCommand(
    'setContext',
    'fitwatch.keras.watching',
    store.all().some((e) => e.tail !== undefined),
  );
}

/** Sets the key from the store's live script fits; call after a fit begins or ends. */
export function updateScriptRunningContext(store: KerasRunStore): void {
  void vscode.commands.executeCommand(
    'setContext',
    'fitwatch.keras.scriptRunning',
    store.all().some((e) => e.control !== undefined),
  );
}
