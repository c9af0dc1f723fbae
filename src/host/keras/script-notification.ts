/**
 * The one notification of a script started by "Run with Fitwatch", from the click to the end of
 * the script: TensorFlow's import alone takes seconds, and until the first `model.fit` there is
 * no panel to show, so without it the click looks ignored. Cancel stops the script like the
 * panel's Stop.
 */
import * as vscode from 'vscode';
import { Throttle } from '../../shared/throttle';

/** At most one redraw per this many ms: a fast fit streams dozens of epochs a second. */
const UPDATE_MS = 250;

/** What the notification says; the runner updates it as the script goes. */
export interface ScriptProgress {
  /** The current line ("fit 1: epoch 12/1000"); redrawn throttled. */
  update(message: string): void;
  /** The script has ended: the notification goes away. */
  end(): void;
}

/** Shows "Running <name>" until `end()`; Cancel calls `stop`. */
export function showScriptNotification(name: string, stop: () => void): ScriptProgress {
  let message = 'starting Python; the panel opens at the first model.fit';
  let ended: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (ended = resolve));
  let report: () => void = () => undefined;
  const throttle = new Throttle(() => report(), UPDATE_MS);
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Running ${name} with Fitwatch`, cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(stop);
      report = () => progress.report({ message });
      throttle.runNow();
      return done;
    },
  );
  return {
    update(next) {
      message = next;
      throttle.request();
    },
    end() {
      throttle.cancel();
      ended();
    },
  };
}
