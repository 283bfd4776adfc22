/**
 * `onhandshake … | head -1`: a reader that stops reading early is not an error. Every command, spawned
 * with its stdout piped into a reader that closes (at once, as `| true` does, or after the first line, as
 * `| head -1` does), exits quietly: no `write EPIPE` stack on stderr, status 0 or the command's own.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, cliEnvironment, repositoryRoot, tsxLoader } from './run-cli.js';

const fixtures = join(repositoryRoot, 'test', 'fixtures');

/** Each command with output, and the status it ends with when its output is read to the end. */
const COMMANDS: Array<[string[], number]> = [
  [['check', join(fixtures, 'policy', 'three-faults.xml')], 1],
  [['check', 'test/fixtures/policy'], 1],
  [['trace', 'policies/signalr-chat.xml', '--mock', join(fixtures, 'graph', 'signalr-mock.yaml'), '--named-values', join(fixtures, 'graph', 'signalr-named-values.yaml')], 0],
  [['trace', 'policies/signalr-chat.xml', '--format', 'json', '--mock', join(fixtures, 'graph', 'signalr-mock.yaml'), '--named-values', join(fixtures, 'graph', 'signalr-named-values.yaml')], 0],
  [['graph', 'policies/signalr-chat.xml', '--format', 'mermaid'], 0],
  [['policies', '--format', 'markdown'], 0],
  [['test', 'policies'], 0],
  [['eval', '"a" + 1'], 0],
  [['--help'], 0],
];

/** Runs the CLI into a reader that closes after `linesRead` lines (0: before anything is written). */
function closedEarly(args: string[], linesRead: number): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', tsxLoader, cliEntry, ...args], { cwd: repositoryRoot, env: cliEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let seen = '';
  const close = (): void => void child.stdout.destroy();
  if (linesRead === 0) close();
  else
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.split('\n').length > linesRead) close();
    });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

describe('output closed early', { timeout: 120_000 }, () => {
  it.each(COMMANDS)('%j: no EPIPE stack, status 0 or its own', async (args, own) => {
    for (const lines of [0, 1]) {
      const { code, stderr } = await closedEarly(args, lines);
      expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event|internal error/);
      expect([0, own]).toContain(code);
    }
  });
});
