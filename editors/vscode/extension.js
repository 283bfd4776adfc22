// @ts-check
/**
 * The onhandshake VS Code extension: the `onhandshake` debug type (launch runs `onhandshake debug` on
 * stdio; attach connects to `onhandshake serve --debug-port N`), and `onhandshake check --format json`
 * on each saved policy XML file, shown in the Problems panel. Plain CommonJS, so the folder installs
 * as it is (no build step).
 */
'use strict';
const vscode = require('vscode');
const { execFile } = require('node:child_process');

const DEFAULT_COMMAND = ['npx', '--no-install', 'onhandshake'];

/** The CLI as configured: program and leading arguments. */
function commandLine() {
  const configured = vscode.workspace.getConfiguration('onhandshake').get('command');
  return Array.isArray(configured) && configured.length > 0 ? configured.map(String) : DEFAULT_COMMAND;
}

/** @param {{ uri: { fsPath: string } } | undefined} folder */
function folderPath(folder) {
  return folder ? folder.uri.fsPath : undefined;
}

const adapterFactory = {
  /** @param {{ configuration: Record<string, any>, workspaceFolder?: { uri: { fsPath: string } } }} session */
  createDebugAdapterDescriptor(session) {
    const config = session.configuration;
    if (config.request === 'attach') return new vscode.DebugAdapterServer(Number(config.port), config.host || '127.0.0.1');
    const [program, ...args] = commandLine();
    const cwd = folderPath(session.workspaceFolder);
    return new vscode.DebugAdapterExecutable(program, [...args, 'debug'], cwd ? { cwd } : {});
  },
};

/** A policy document (APIM's <policies> or a <fragment>), not just any XML. */
function isPolicy(document) {
  return /\.xml$/i.test(document.fileName) && /<(policies|fragment)[\s>]/.test(document.getText());
}

const SEVERITY = { error: 'Error', warning: 'Warning', info: 'Information' };

/** `check --format json` output → one Diagnostic list per file. */
function toDiagnostics(json) {
  const byFile = new Map();
  for (const file of json.files || []) {
    byFile.set(
      file.file,
      (file.diagnostics || []).map((d) => {
        const line = Math.max(0, (d.line || 1) - 1);
        const column = Math.max(0, (d.column || 1) - 1);
        const diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, column + 1), d.message, vscode.DiagnosticSeverity[SEVERITY[d.severity] || 'Error']);
        diagnostic.code = d.code;
        diagnostic.source = 'onhandshake';
        return diagnostic;
      }),
    );
  }
  return byFile;
}

/** @param {{ subscriptions: Array<{ dispose(): unknown }> }} context */
function activate(context) {
  const diagnostics = vscode.languages.createDiagnosticCollection('onhandshake');
  let warned = false;

  /** Checks a saved policy file; resolves when its diagnostics are shown (or the CLI could not run). */
  function check(document) {
    const [program, ...args] = commandLine();
    const cwd = folderPath(vscode.workspace.getWorkspaceFolder(document.uri));
    return new Promise((resolve) => {
      execFile(program, [...args, 'check', '--format', 'json', document.fileName], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
        // Exit 0 (clean) and 1 (findings) both print the JSON report; anything else is a failure to run.
        const code = error ? error.code : 0;
        if (code !== 0 && code !== 1) {
          if (!warned) void vscode.window.showWarningMessage(`onhandshake check could not run (${[program, ...args].join(' ')}): ${String(stderr || (error && error.message)).split('\n')[0]}`);
          warned = true;
          return resolve(undefined);
        }
        let report;
        try {
          report = JSON.parse(stdout);
        } catch {
          return resolve(undefined);
        }
        const found = toDiagnostics(report);
        if (!found.has(document.fileName)) found.set(document.fileName, []);
        for (const [file, list] of found) diagnostics.set(vscode.Uri.file(file), list);
        resolve(found);
      });
    });
  }

  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('onhandshake', adapterFactory),
    diagnostics,
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (vscode.workspace.getConfiguration('onhandshake').get('checkOnSave') === false || !isPolicy(document)) return undefined;
      return check(document);
    }),
  );
  return { check };
}

function deactivate() {}

module.exports = { activate, deactivate };
