/** The spec editor feature: quick fixes on `*.fitwatch.json`, New Spec from Dataset, and the apply-a-fix flow. */
import * as vscode from 'vscode';
import { toNewSpecOptions } from '../command-args';
import type { FitwatchDiagnostics } from '../diagnostics';
import type { DisposableStore } from '../dispose';
import { toSpecUri } from '../training/train-command';
import { FitwatchCodeActions, FIX_APPLIED_COMMAND, SPEC_SELECTOR } from './code-actions';
import { FixFlow } from './fix-flow';
import { newSpecFromDataset } from './new-spec-command';

/** Registers the spec's code actions and commands; the FixFlow is shared with the training feature's notifications and the panel. */
export function registerSpecEditor(store: DisposableStore, diagnostics: FitwatchDiagnostics): FixFlow {
  // "Train Again and Compare" goes through the train command, so this feature needs no reference to training.
  const fixFlow = new FixFlow((specUri, compareWith) =>
    Promise.resolve(vscode.commands.executeCommand<string | undefined>('fitwatch.train', specUri, { compareWith })),
  );
  store.add(vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, new FitwatchCodeActions(diagnostics), FitwatchCodeActions.metadata));
  store.add(
    vscode.commands.registerCommand('fitwatch.newSpec', (uri: unknown, options: unknown) => newSpecFromDataset(toSpecUri(uri), toNewSpecOptions(options))),
  );
  store.add(
    vscode.commands.registerCommand(FIX_APPLIED_COMMAND, (uri: unknown, runId: unknown, title: unknown) => {
      if (uri instanceof vscode.Uri && typeof runId === 'string') return fixFlow.offerTrainAgain(uri, runId, typeof title === 'string' ? title : 'the fix');
      return undefined;
    }),
  );
  return fixFlow;
}
