/**
 * Starts a real VS Code workbench (code-server, installed by scripts/setup-code-server.sh) with
 * the extension under test loaded from this repository, on a loopback port, for Playwright.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './wait';

/** Root of this repository (the extension under test). */
export const REPO = resolve(__dirname, '../../..');
const CODE_SERVER_VERSION = '4.100.3';
const ENTRY = join(REPO, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, 'node_modules/code-server/out/node/entry.js');

/** A running code-server with its throwaway profile and workspace. */
export interface CodeServer {
  url: string;
  workspace: string;
  /** Everything code-server printed, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

/** A free loopback port. */
async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts code-server on a copy of `fixtureWorkspace` (so tests never change the fixtures),
 * with Fitwatch installed as a link to this repo in a fresh extensions dir.
 */
/** Extra set-up for one code-server: more extensions (by folder), environment, settings. */
export interface CodeServerOptions {
  settings?: Record<string, unknown>;
  /** Extension folders to link in beside Fitwatch, keyed by `publisher.name-version`. */
  extensions?: Record<string, string>;
  /** Extra environment for code-server and so its extension host. */
  env?: Record<string, string>;
}

export async function startCodeServer(fixtureWorkspace: string, options: CodeServerOptions = {}): Promise<CodeServer> {
  const settings = options.settings ?? {};
  if (!existsSync(ENTRY)) throw new Error(`code-server is not installed at ${ENTRY}: run bash scripts/setup-code-server.sh`);
  if (!existsSync(join(REPO, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run npm run build');
  const base = mkdtempSync(join(tmpdir(), 'fitwatch-e2e-'));
  const userData = join(base, 'user');
  const extensions = join(base, 'extensions');
  const workspace = join(base, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  cpSync(fixtureWorkspace, workspace, { recursive: true });
  writeFileSync(
    join(userData, 'User/settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.enableExperiments': false,
      'chat.disableAIFeatures': true,
      // A loaded 2-core CI box can take longer than the 5 s default to finish a batch and save
      // both models; a kill there would turn a graceful stop into a failed run.
      'fitwatch.stopTimeoutMs': 30000,
      ...settings,
    }),
  );
  symlinkSync(REPO, join(extensions, 'fitwatch.fitwatch-0.1.0'), 'dir');
  for (const [name, dir] of Object.entries(options.extensions ?? {})) symlinkSync(dir, join(extensions, name), 'dir');

  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, workspace],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env, XDG_CONFIG_HOME: join(base, 'config'), XDG_DATA_HOME: join(base, 'data') } },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(`code-server to answer on ${url}`, 60_000, async () => {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(url, { redirect: 'manual' });
      return r.status < 500;
    } catch {
      return false;
    }
  });
  return {
    url: `${url}?folder=${encodeURIComponent(workspace)}`,
    workspace,
    log: () => output,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
