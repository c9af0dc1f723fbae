/**
 * Starts a real VS Code workbench (code-server, installed by scripts/setup-code-server.sh) with
 * the extension under test installed from the VSIX `npm run package` makes (code-server
 * `--install-extension`, as a user would), on a loopback port, for Playwright.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './wait';
import { ensureVsix } from '../../package/vsix';

/** Root of this repository (the extension under test). */
export const REPO = resolve(__dirname, '../../..');
const CODE_SERVER_VERSION = '4.100.3';
const ENTRY = join(REPO, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, 'node_modules/code-server/out/node/entry.js');

/** A running code-server with its throwaway profile and workspace. */
export interface CodeServer {
  url: string;
  workspace: string;
  /** The installed copy of Fitwatch (unpacked from the VSIX by code-server), which the workbench runs. */
  extensionPath: string;
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

/** Extra set-up for one code-server: more extensions (by folder), environment, settings. */
export interface CodeServerOptions {
  settings?: Record<string, unknown>;
  /** Extension folders to link in beside the installed Fitwatch, keyed by `publisher.name-version`. */
  extensions?: Record<string, string>;
  /** Extra environment for code-server and so its extension host. */
  env?: Record<string, string>;
}

/** One entry of the extensions dir's extensions.json, the list VS Code loads once it exists. */
interface InstalledExtension {
  identifier: { id: string };
  version: string;
  location: { $mid: 1; fsPath: string; external: string; path: string; scheme: 'file' };
  relativeLocation: string;
  metadata?: Record<string, unknown>;
}

/**
 * Installs the VSIX into `extensionsDir` with code-server's own CLI, then links the extra
 * extension folders in and lists them in extensions.json (VS Code loads only what that file lists
 * once an install has written it). Returns the installed copy's folder.
 */
function installExtensions(env: NodeJS.ProcessEnv, userData: string, extensionsDir: string, extras: Record<string, string>): string {
  const vsix = ensureVsix();
  const r = spawnSync(process.execPath, [ENTRY, '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env,
    encoding: 'utf8',
  });
  const manifest = join(extensionsDir, 'extensions.json');
  if (r.status !== 0 || !existsSync(manifest)) throw new Error(`code-server --install-extension ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const installed = JSON.parse(readFileSync(manifest, 'utf8')) as InstalledExtension[];
  const fitwatch = installed.find((e) => e.identifier.id === 'fitwatch.fitwatch');
  if (!fitwatch) throw new Error(`${vsix} installed, but extensions.json does not list fitwatch.fitwatch:\n${r.stdout}`);
  for (const [name, dir] of Object.entries(extras)) {
    const at = join(extensionsDir, name);
    symlinkSync(dir, at, 'dir');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    installed.push({
      identifier: { id: `${pkg.publisher}.${pkg.name}` },
      version: pkg.version,
      location: { $mid: 1, fsPath: at, external: `file://${at}`, path: at, scheme: 'file' },
      relativeLocation: name,
    });
  }
  writeFileSync(manifest, JSON.stringify(installed));
  return fitwatch.location.fsPath;
}

/**
 * Starts code-server on a copy of `fixtureWorkspace` (so tests never change the fixtures), with
 * Fitwatch installed from its VSIX into a fresh extensions dir (packaged first if the VSIX is
 * missing or older than the build).
 */
export async function startCodeServer(fixtureWorkspace: string, options: CodeServerOptions = {}): Promise<CodeServer> {
  const settings = options.settings ?? {};
  if (!existsSync(ENTRY)) throw new Error(`code-server is not installed at ${ENTRY}: run bash scripts/setup-code-server.sh`);
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
  const env = { ...process.env, ...options.env, XDG_CONFIG_HOME: join(base, 'config'), XDG_DATA_HOME: join(base, 'data') };
  const extensionPath = installExtensions(env, userData, extensions, options.extensions ?? {});

  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ENTRY,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
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
    extensionPath,
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
