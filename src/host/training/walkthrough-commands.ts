/**
 * Commands behind the Get Started walkthrough: put the seed sample's spec into the workspace
 * (never over a file the user has) and train it, so the first run needs no data of one's own.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../dispose';

/** The walkthrough's "train the seed sample" command. */
export const TRAIN_SAMPLE_COMMAND = 'fitwatch.walkthrough.trainSample';
/** The sample's file name in the workspace. */
export const SAMPLE_SPEC = 'seed.fitwatch.json';

/** The example's text for the workspace: its `$schema` points into the extension, so it goes (package.json validates *.fitwatch.json). */
export function sampleSpecText(exampleText: string): string {
  return exampleText.replace(/^\s*"\$schema":[^\n]*\n/m, '');
}

/** Registers the walkthrough commands. */
export class WalkthroughCommands extends Disposable {
  constructor(private readonly extensionPath: string) {
    super();
    this.register(vscode.commands.registerCommand(TRAIN_SAMPLE_COMMAND, () => this.trainSample()));
  }

  /** Copies examples/seed.fitwatch.json to the workspace root if absent, opens it and trains it. */
  async trainSample(): Promise<string | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      const pick = await vscode.window.showInformationMessage(
        'Open a folder first: Fitwatch keeps each run in the folder, under .fitwatch/runs.',
        'Open Folder…',
      );
      if (pick) await vscode.commands.executeCommand('workbench.action.files.openFolder');
      return undefined;
    }
    const target = join(folder.uri.fsPath, SAMPLE_SPEC);
    // An existing seed.fitwatch.json is the user's (maybe edited after a fix): train that one.
    if (!existsSync(target))
      await writeFile(target, sampleSpecText(await readFile(join(this.extensionPath, 'examples', 'seed.fitwatch.json'), 'utf8')), { flag: 'wx' });
    const uri = vscode.Uri.file(target);
    await vscode.window.showTextDocument(uri, { preview: false });
    return vscode.commands.executeCommand<string | undefined>('fitwatch.train', uri);
  }
}
