/**
 * Every output block of README.md and docs/*.md — a fenced block whose first line is `$ command` — is
 * the real output of that command: the command runs (`onhandshake`/`npx onhandshake` is this checkout's
 * CLI; `npm start` the SignalR chat starter, on free ports) and what it prints must match the block.
 * In a block, a line `…` stands for any number of lines and a line ending in `…` for any rest of line;
 * 127.0.0.1 ports and timings are compared as placeholders. Commands run in a folder holding the
 * repository's policies/, test/ and examples/ and the files of test/fixtures/docs (the README's policy.xml).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, copyFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEntry, cliEnvironment, repositoryRoot, tsxLoader } from './run-cli.js';

interface OutputBlock {
  file: string;
  line: number;
  command: string;
  expected: string[];
}

/** The `$ command` blocks of a markdown file. */
function outputBlocks(file: string): OutputBlock[] {
  const lines = readFileSync(join(repositoryRoot, file), 'utf8').split('\n');
  const blocks: OutputBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(text|console|sh)?$/.test(lines[i]!) || !lines[i + 1]?.startsWith('$ ')) continue;
    const start = i + 1;
    let j = start;
    let command = lines[j]!.slice(2);
    while (command.endsWith('\\')) command = `${command.slice(0, -1)} ${lines[++j]!.trim()}`;
    const expected: string[] = [];
    for (j++; j < lines.length && lines[j] !== '```'; j++) expected.push(lines[j]!);
    blocks.push({ file, line: start + 1, command, expected });
    i = j;
  }
  return blocks;
}

const files = ['README.md', ...readdirSync(join(repositoryRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks = files.flatMap(outputBlocks);

/** Ports and timings differ from run to run. */
// What changes from run to run: ports, durations, and the ids of requests (activityId, trace ids).
const normalise = (text: string): string =>
  text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\b\d+(\.\d+)? ms\b/g, 'N ms')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, 'GUID');

/** Whether `actual` matches `expected`, where `…` lines and line ends are wildcards. */
export function matchesOutput(expected: readonly string[], actual: readonly string[]): boolean {
  if (expected.length === 0) return actual.length === 0;
  const [head, ...rest] = expected;
  if (head === '…') return actual.some((_, k) => matchesOutput(rest, actual.slice(k))) || matchesOutput(rest, []);
  if (actual.length === 0) return false;
  const line = actual[0]!;
  const same = head!.endsWith('…') ? line.startsWith(head!.slice(0, -1)) : line === head;
  return same && matchesOutput(rest, actual.slice(1));
}

const work = mkdtempSync(join(tmpdir(), 'oh-docs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
for (const folder of ['policies', 'test', 'examples']) symlinkSync(join(repositoryRoot, folder), join(work, folder));
for (const f of readdirSync(join(repositoryRoot, 'test', 'fixtures', 'docs'))) copyFileSync(join(repositoryRoot, 'test', 'fixtures', 'docs', f), join(work, f));
const bin = join(work, '.bin');
mkdirSync(bin);
writeFileSync(join(bin, 'onhandshake'), `#!/bin/sh\nexec "${process.execPath}" --import "${tsxLoader}" "${cliEntry}" "$@"\n`);
chmodSync(join(bin, 'onhandshake'), 0o755);

/** Runs a documented command; `npm start` runs until its banner is complete, then gets SIGTERM. */
function run(command: string): Promise<string> {
  const starter = command === 'npm start';
  const child = starter
    ? spawn(process.execPath, ['--import', tsxLoader, join(repositoryRoot, 'examples', 'signalr-chat', 'start.ts')], { cwd: repositoryRoot, env: cliEnvironment({ GATEWAY_PORT: '0', CHAT_APP_PORT: '0', SIGNALR_PORT: '0' }) })
    : spawn('bash', ['-c', command.replace(/\bnpx onhandshake\b/g, 'onhandshake')], { cwd: work, env: cliEnvironment({ PATH: `${bin}:${process.env.PATH}` }) });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (starter && out.includes('Ctrl+C stops.')) child.kill('SIGTERM');
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.once('close', () => resolve(out)));
}

describe('output blocks in README.md and docs/', { timeout: 120_000 }, () => {
  it('finds the documented ones', () => {
    const commands = blocks.map((b) => `${b.file}: ${b.command.split(' ').slice(0, 3).join(' ')}`);
    for (const c of ['README.md: npm start', 'README.md: npx onhandshake check', 'docs/trace.md: onhandshake trace policies/signalr-chat.xml', 'docs/policy-tests.md: onhandshake test policies/']) {
      expect(commands).toContain(c);
    }
  });

  it.each(blocks.map((b) => [`${b.file}:${b.line} $ ${b.command}`, b] as const))('%s', async (_name, block) => {
    const actual = normalise((await run(block.command)).replace(/\n$/, '')).split('\n');
    const expected = block.expected.map(normalise);
    if (!matchesOutput(expected, actual)) expect(actual.join('\n')).toBe(expected.join('\n'));
  });

  it('the wildcards match what they say and nothing else', () => {
    expect(matchesOutput(['a', '…', 'z'], ['a', 'b', 'c', 'z'])).toBe(true);
    expect(matchesOutput(['a', '…'], ['a'])).toBe(true);
    expect(matchesOutput(['dec…'], ['decision: connect'])).toBe(true);
    expect(matchesOutput(['a', 'z'], ['a', 'b', 'z'])).toBe(false);
    expect(matchesOutput(['a'], ['a', 'b'])).toBe(false);
  });
});
