/**
 * The training-curves webview panel (`fitwatch.curves`): one panel, showing one main run
 * plus overlays. The webview says `ready` after every (re)load (no retainContextWhenHidden),
 * and gets a full snapshot; after that the main run's epochs in batches (see PanelBatcher).
 * Everything the webview posts is validated before use: it is web content.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { PANEL_ASSETS, renderPanelHtml } from '../../shared/panel-html';
import { validatePanelToHost, type HostToPanel, type PanelToHost, type RunView, type SnapshotMessage } from '../../shared/protocol/panel';
import { restoredRunId } from '../command-args';
import { Disposable, toDisposable } from '../dispose';
import { PanelBatcher } from './panel-batcher';
import type { RunSources } from '../runs/run-source';
import type { TrainingManager } from '../training/training-manager';
import { errorMessage } from '../../shared/error-message';

/** The panel's view type, also its `onWebviewPanel:` activation event. */
export const CURVES_VIEW_TYPE = 'fitwatch.curves';

/** `workspaceState` key of the run the panel showed last, for restoring it after a reload. */
export const LAST_PANEL_RUN_KEY = 'fitwatch.panel.lastRun';

/** The page's Export button: a PNG of its charts (as a data URL) or the shown run's CSV; the runs feature writes the file. */
export type PanelExport = { runId: string | undefined; format: 'png'; dataUrl: string } | { runId: string | undefined; format: 'csv' };

/** What the panel reads runs from: the run sources (views, choices, actions), the live runs' stream, the newest run. */
export interface PanelRuns {
  sources: RunSources;
  manager: TrainingManager;
  /** The run to show when none is named. */
  newestRunId(): Promise<string | undefined>;
  /** Completes the main run's view before it is sent: what it may do and why not (see run-view-actions.ts). */
  prepare?(view: RunView): Promise<RunView>;
}

/** A fresh CSP nonce: 24 random bytes as base64 (renderPanelHtml checks its alphabet). */
function newNonce(): string {
  return randomBytes(24).toString('base64');
}

/** One curves panel. */
class CurvesPanel extends Disposable {
  private ready = false;
  private snapshotInFlight = 0;
  private runId: string | undefined;
  private compareIds: string[] = [];
  /** Export Curves asked for a PNG while the page was not up: ask once it has its snapshot. */
  private pngWanted = false;
  private readonly batcher = new PanelBatcher((m) => this.post(m));
  private readonly disposedEmitter = this.register(new vscode.EventEmitter<void>());
  /** The user closed the panel (runs keep training). */
  readonly onDidClose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly runs: PanelRuns,
    private readonly exportEmitter: vscode.EventEmitter<PanelExport>,
    private readonly memento: vscode.Memento,
  ) {
    super();
    const manager = runs.manager;
    this.register(panel);
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    this.register(
      panel.onDidDispose(() => {
        this.disposedEmitter.fire();
        this.dispose();
      }),
    );
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    // Without retainContextWhenHidden a hidden page is discarded: stop posting to it until the
    // reloaded page says `ready` again (and gets a fresh snapshot).
    this.register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.notReady();
      }),
    );
    this.register(
      manager.onDidUpdate(({ session, messages }) => {
        if (session.target.runId === this.runId) this.forward(messages);
      }),
    );
    // A run's last epochs must not wait for the timer once it has ended.
    this.register(manager.onDidChangeLive(() => this.batcher.flush()));
    // A run changed outside the live stream (a Keras log re-diagnosed or tailed): resend the snapshot.
    this.register(
      runs.sources.onDidChangeRun((id) => {
        if (id === this.runId && this.ready) void this.sendSnapshot();
      }),
    );
    this.register(toDisposable(() => this.batcher.discard()));
    this.render();
  }

  /** The main run shown, if any. */
  get mainRunId(): string | undefined {
    return this.runId;
  }

  /** Switches the main run (and overlays) and sends a fresh snapshot when the page is up. */
  show(runId: string | undefined, compareIds?: string[]): void {
    this.runId = runId;
    if (compareIds) this.compareIds = compareIds.filter((id) => id !== runId);
    if (runId) void this.memento.update(LAST_PANEL_RUN_KEY, runId);
    if (this.ready) void this.sendSnapshot();
  }

  /** Asks the page for a PNG of its charts; the answer arrives as an `export` message. */
  requestPng(): void {
    if (!this.ready || this.snapshotInFlight > 0) {
      this.pngWanted = true;
      if (!this.panel.visible) this.panel.reveal(undefined, true);
      return;
    }
    this.batcher.push({ type: 'exportRequest', format: 'png' });
  }

  private notReady(): void {
    this.ready = false;
    this.batcher.discard();
  }

  private post(msg: HostToPanel): void {
    if (this.isDisposed) return;
    void this.panel.webview.postMessage(msg);
    if (msg.type === 'info') this.updateTitle(msg.info.specName, msg.live);
    else if (msg.type === 'snapshot') this.updateTitle(msg.run.info.specName, msg.run.live);
  }

  private render(): void {
    const webview = this.panel.webview;
    const asset = (p: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p.split('/'))).toString();
    this.notReady();
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: asset(PANEL_ASSETS.script),
      styleUris: PANEL_ASSETS.styles.map(asset),
      title: 'Fitwatch',
    });
  }

  private forward(messages: HostToPanel[]): void {
    // A snapshot being assembled will include these; sending them too would duplicate epochs.
    if (!this.ready || this.snapshotInFlight > 0) return;
    for (const m of messages) this.batcher.push(m);
  }

  private async sendSnapshot(): Promise<void> {
    this.snapshotInFlight++;
    try {
      const msg = await this.buildSnapshot();
      if (msg && !this.isDisposed && this.ready) {
        this.batcher.push(msg);
        if (this.pngWanted) {
          this.pngWanted = false;
          this.batcher.push({ type: 'exportRequest', format: 'png' });
        }
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`Fitwatch could not load run ${this.runId ?? ''}: ${errorMessage(e)}`);
    } finally {
      this.snapshotInFlight--;
    }
  }

  /** Loads overlays and choices first, then takes the main run's view last, so no live epoch falls in between. */
  private async buildSnapshot(): Promise<SnapshotMessage | undefined> {
    const id = this.runId ?? (await this.runs.newestRunId());
    if (!id) return undefined;
    this.runId = id;
    const compare: RunView[] = [];
    for (const cid of this.compareIds) {
      const v = await this.runs.sources.view(cid);
      if (v) compare.push(v);
    }
    const choicesFor = await this.runs.sources.view(id);
    if (!choicesFor) throw new Error(`run ${id} was not found in .fitwatch/runs of any workspace folder.`);
    const choices = (await this.runs.sources.choices(choicesFor.info)).filter((c) => c.id !== id);
    const raw = this.runs.manager.get(id)?.run.view() ?? choicesFor;
    const run = this.runs.prepare ? await this.runs.prepare(raw) : raw;
    return { type: 'snapshot', run, compare, choices };
  }

  private updateTitle(specName: string | undefined, live: boolean): void {
    this.panel.title = `${live ? '● ' : ''}Fitwatch: ${specName ?? this.runId ?? 'curves'}`;
  }

  private onMessage(raw: unknown): void {
    const msg = validatePanelToHost(raw);
    if (!msg) return; // malformed or unknown: ignored, never half-used
    void this.handle(msg).catch((e: unknown) => {
      void vscode.window.showErrorMessage(`Fitwatch: ${errorMessage(e)}`);
    });
  }

  private async handle(msg: PanelToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        await this.sendSnapshot();
        return;
      case 'stop':
        return this.runs.sources.of(msg.runId).stop(msg.runId);
      case 'reduceLr':
        return this.runs.sources.of(msg.runId).reduceLr(msg.runId);
      case 'applyFix':
        return this.runs.sources.of(msg.runId).applyFix(msg.runId, msg.code, msg.fixIndex);
      case 'compare':
        this.show(this.runId, msg.runIds);
        return;
      case 'export':
        if (msg.format === 'png' && msg.dataUrl) this.exportEmitter.fire({ runId: this.runId, format: 'png', dataUrl: msg.dataUrl });
        else this.exportEmitter.fire({ runId: this.runId, format: 'csv' });
        return;
      case 'trainAgain':
        return this.runs.sources.of(msg.runId).trainAgain(msg.runId);
      case 'resume':
        await vscode.commands.executeCommand('fitwatch.resume', msg.runId);
        return;
    }
  }
}

/** Owns the one curves panel: creates, reveals, restores it after a reload. */
export class CurvesPanelHost extends Disposable {
  private current: CurvesPanel | undefined;
  private readonly exportEmitter = this.register(new vscode.EventEmitter<PanelExport>());
  /** The page's Export button was used; the runs feature writes the file. */
  readonly onDidRequestExport = this.exportEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runs: PanelRuns,
  ) {
    super();
    this.register(
      vscode.window.registerWebviewPanelSerializer(CURVES_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
          const runId = restoredRunId(state) ?? context.workspaceState.get<string>(LAST_PANEL_RUN_KEY);
          const known = async (id: string) => !!(this.runs.manager.get(id) || (await this.runs.sources.view(id)));
          const shown = runId && ((await known(runId)) || ((await this.runs.sources.of(runId).restore(runId)) && (await known(runId)))) ? runId : undefined;
          this.adopt(panel).show(shown);
        },
      }),
    );
  }

  /** The run the open panel shows, if a panel is open. */
  get shownRunId(): string | undefined {
    return this.current?.mainRunId;
  }

  /** Whether a panel is open. */
  get isOpen(): boolean {
    return this.current !== undefined;
  }

  /** Opens (or reveals) the panel on `runId`, overlaying `compare`. */
  open(runId: string | undefined, options: { compare?: string[]; preserveFocus?: boolean } = {}): void {
    if (!this.current) {
      const panel = vscode.window.createWebviewPanel(
        CURVES_VIEW_TYPE,
        'Fitwatch',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
        {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist'), vscode.Uri.joinPath(this.context.extensionUri, 'media')],
        },
      );
      this.adopt(panel);
    } else {
      this.current.panel.reveal(undefined, options.preserveFocus ?? false);
    }
    this.current?.show(runId, options.compare ?? []);
  }

  /** Sends the open panel a fresh snapshot of what it shows (trust granted, a run ended elsewhere). */
  refresh(): void {
    this.current?.show(this.current.mainRunId);
  }

  /** Asks the open panel for a PNG; false when no panel is open. */
  requestPng(): boolean {
    if (!this.current) return false;
    this.current.requestPng();
    return true;
  }

  override dispose(): void {
    this.current?.dispose();
    super.dispose();
  }

  private adopt(panel: vscode.WebviewPanel): CurvesPanel {
    this.current?.dispose();
    const p = new CurvesPanel(panel, this.context.extensionUri, this.runs, this.exportEmitter, this.context.workspaceState);
    p.onDidClose(() => {
      if (this.current === p) this.current = undefined;
    });
    this.current = p;
    return p;
  }
}
