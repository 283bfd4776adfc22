/**
 * The VS Code extension in editors/vscode, loaded with a stub of the `vscode` module: its manifest,
 * what it registers on activation, the adapter each debug configuration gets, and the diagnostics a
 * save shows (from the real `onhandshake check --format json`). Its initial launch configuration is
 * run against the real adapter.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/debug/server.js';
import { cliEntry, repositoryRoot, tsxLoader } from '../cli/run-cli.js';
import { DapClient } from '../debug/dap-client.js';

const folder = join(repositoryRoot, 'editors', 'vscode');
const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));

/** What the extension did with the stub. */
const seen = {
  factories: new Map<string, { createDebugAdapterDescriptor(session: unknown): unknown }>(),
  saveListeners: [] as Array<(doc: unknown) => unknown>,
  diagnostics: new Map<string, unknown[]>(),
  warnings: [] as string[],
  settings: { command: [process.execPath, '--import', tsxLoader, cliEntry], checkOnSave: true } as Record<string, unknown>,
};

class Range {
  constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
}
class Diagnostic {
  code?: string;
  source?: string;
  constructor(readonly range: Range, readonly message: string, readonly severity: number) {}
}
const vscodeStub = {
  Range,
  Diagnostic,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  Uri: { file: (fsPath: string) => ({ fsPath }) },
  DebugAdapterExecutable: class {
    constructor(readonly command: string, readonly args: string[], readonly options: unknown) {}
  },
  DebugAdapterServer: class {
    constructor(readonly port: number, readonly host: string) {}
  },
  debug: {
    registerDebugAdapterDescriptorFactory(type: string, factory: { createDebugAdapterDescriptor(session: unknown): unknown }) {
      seen.factories.set(type, factory);
      return { dispose() {} };
    },
  },
  languages: {
    createDiagnosticCollection: (name: string) => ({
      name,
      set: (uri: { fsPath: string }, list: unknown[]) => seen.diagnostics.set(uri.fsPath, list),
      dispose() {},
    }),
  },
  workspace: {
    getConfiguration: (section: string) => ({ get: (key: string) => (section === 'onhandshake' ? seen.settings[key] : undefined) }),
    getWorkspaceFolder: () => ({ uri: { fsPath: repositoryRoot } }),
    onDidSaveTextDocument(listener: (doc: unknown) => unknown) {
      seen.saveListeners.push(listener);
      return { dispose() {} };
    },
  },
  window: { showWarningMessage: async (m: string) => void seen.warnings.push(m) },
};

/** Loads the extension as VS Code does (CommonJS require), with `vscode` resolved to the stub. */
function loadExtension(): { activate(context: unknown): { check(doc: unknown): Promise<unknown> }; deactivate(): void } {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
  };
  try {
    return createRequire(import.meta.url)(join(folder, manifest.main));
  } finally {
    loader._load = original;
  }
}

function documentOf(fileName: string) {
  return { fileName, uri: { fsPath: fileName }, getText: () => readFileSync(fileName, 'utf8') };
}

describe('editors/vscode', () => {
  it('declares the onhandshake debug type, its launch and attach attributes, snippets and activation', () => {
    expect(existsSync(join(folder, manifest.main))).toBe(true);
    expect(manifest.engines.vscode).toMatch(/^\^1\./);
    expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onDebug', 'onLanguage:xml']));
    const debuggerType = manifest.contributes.debuggers[0];
    expect(debuggerType.type).toBe('onhandshake');
    expect(Object.keys(debuggerType.configurationAttributes.launch.properties).sort()).toEqual(
      ['case', 'cwd', 'fragments', 'handshake', 'mock', 'namedValues', 'policy', 'revealSecrets', 'stopOnEntry', 'stopOnError', 'test'],
    );
    expect(debuggerType.configurationAttributes.attach.required).toEqual(['port']);
    expect(debuggerType.configurationSnippets.map((s: { body: { request: string } }) => s.body.request)).toEqual(['launch', 'launch', 'attach']);
    expect(manifest.contributes.breakpoints).toEqual([{ language: 'xml' }]);
    const snippets = JSON.parse(readFileSync(join(folder, manifest.contributes.snippets[0].path), 'utf8'));
    expect(Object.values(snippets).map((s) => (s as { prefix: string }).prefix)).toContain('oh-send-request');
  });

  const extension = loadExtension();
  const subscriptions: Array<{ dispose(): unknown }> = [];
  const api = extension.activate({ subscriptions });

  it('registers the adapter factory: launch runs `onhandshake debug` on stdio, attach connects to --debug-port', () => {
    expect(subscriptions.length).toBe(3);
    const factory = seen.factories.get('onhandshake')!;
    const launch = factory.createDebugAdapterDescriptor({ configuration: { request: 'launch' }, workspaceFolder: { uri: { fsPath: repositoryRoot } } }) as { command: string; args: string[]; options: unknown };
    expect(launch).toMatchObject({ command: process.execPath, args: ['--import', tsxLoader, cliEntry, 'debug'], options: { cwd: repositoryRoot } });
    const attach = factory.createDebugAdapterDescriptor({ configuration: { request: 'attach', port: 9230 } });
    expect(attach).toMatchObject({ port: 9230, host: '127.0.0.1' });
  });

  it('shows check --format json diagnostics for a saved policy, and nothing for other XML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oh-vscode-'));
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, '<policies>\n  <inbound>\n    <set-variable name="x" value="@(1 +)" />\n  </inbound>\n</policies>\n');
    const other = join(dir, 'pom.xml');
    writeFileSync(other, '<project />');
    expect(seen.saveListeners[0]!(documentOf(other))).toBeUndefined();
    await seen.saveListeners[0]!(documentOf(bad));
    const list = seen.diagnostics.get(bad) as Diagnostic[];
    expect(list).toHaveLength(1);
    // Zero-based line 2, character 39: the `)` where an operand was expected (check says 3:40).
    expect(list[0]).toMatchObject({ code: 'OH300', source: 'onhandshake', severity: 0, range: { startLine: 2, startCharacter: 39 } });
    expect(list[0]!.message).toMatch(/C# syntax error/);
    // Fixed: the file's problems are cleared.
    writeFileSync(bad, '<policies>\n  <inbound>\n    <set-variable name="x" value="@(1 + 1)" />\n  </inbound>\n</policies>\n');
    await api.check(documentOf(bad));
    expect(seen.diagnostics.get(bad)).toEqual([]);
    expect(seen.warnings).toEqual([]);
  });

  const servers: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('its initial launch configuration debugs the SignalR chat case', async () => {
    const server = await listen(0);
    servers.push(server);
    const config = JSON.parse(JSON.stringify(manifest.contributes.debuggers[0].initialConfigurations[0]).replaceAll('${workspaceFolder}', repositoryRoot));
    const { client, socket } = await DapClient.overSocket(server.address.port);
    await client.ok('initialize', { adapterID: config.type });
    await client.ok(config.request, config);
    await client.ok('configurationDone');
    const decision = await client.waitFor('output', (e) => e.body.data?.decision !== undefined);
    expect(decision.body.data.decision.backendUrl).toMatch(/^wss:\/\/contoso\.service\.signalr\.net\/client\/\?/);
    socket.destroy();
  });
});
