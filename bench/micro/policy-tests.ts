/**
 * `onhandshake test` on 1,000 generated cases of the SignalR chat policy with mocked callouts
 * (900 that connect, 100 where the web app is down): wall time of the whole command, per case.
 * Skipped, with the reason, when the command is not in this build.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { startProcess } from '../lib/children.js';
import { ACCESS_TOKEN } from '../backends/negotiate-routes.js';

export interface PolicyTestReport {
  cases: number;
  wallMs?: number;
  exitCode?: number | null;
  unavailable?: string;
  summary?: string;
}

const APP = 'http://chat-app.test';

function testFile(policyPath: string, cases: number): unknown {
  const happyMocks = [
    {
      method: 'GET',
      url: `${APP}/chat/negotiate*`,
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { url: 'http://service.test/client/?hub=chat&asrs.op=%2Fchat&asrs_request_id=r1', accessToken: ACCESS_TOKEN },
    },
    {
      method: 'POST',
      url: 'http://service.test/client/negotiate*',
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { negotiateVersion: 1, connectionId: 'c-1', connectionToken: 't-1' },
    },
  ];
  return {
    policy: policyPath,
    namedValues: { 'chat-app-url': APP },
    defaults: { handshake: { url: '/chat' } },
    cases: Array.from({ length: cases }, (_, i) =>
      i % 10 === 9
        ? {
            name: `web app down ${i}`,
            handshake: { query: { room: `r${i}` } },
            mocks: [{ url: `${APP}/chat/negotiate*`, fail: 'connect' }],
            expect: { respond: { status: 500 } },
          }
        : {
            name: `connects ${i}`,
            handshake: { query: { room: `r${i}` } },
            mocks: happyMocks,
            expect: { connect: { backendUrl: 'ws://service.test/client/', query: { hub: 'chat', id: 't-1', room: `r${i}` } } },
          },
    ),
  };
}

export async function runPolicyTestBenchmark(root: string, scratch: string, quick: boolean): Promise<PolicyTestReport> {
  const cases = 1000;
  if (!existsSync(join(root, 'dist/src/cli/test.js'))) return { cases, unavailable: '`onhandshake test` is not in this build' };
  const file = join(scratch, 'signalr-chat.test.yaml');
  // No YAML aliases: every case spells out its own mocks, as a hand-written file would.
  writeFileSync(file, stringify(testFile(relative(scratch, join(root, 'policies/signalr-chat.xml')), cases), { aliasDuplicateObjects: false }));
  const t0 = performance.now();
  const child = startProcess(process.execPath, [join(root, 'dist/src/cli/main.js'), 'test', file], {
    name: 'onhandshake test',
    cwd: root,
    keepOutput: 4000,
  });
  const timer = setTimeout(() => void child.stop(), quick ? 60_000 : 120_000);
  const exitCode = await child.waitForExit();
  clearTimeout(timer);
  const wallMs = performance.now() - t0;
  const lines = child.output.trim().split('\n');
  // Exit codes: 0 all passed, 1 some failed (still a measurement); anything else is a crash or usage error.
  if (exitCode !== 0 && exitCode !== 1) {
    const reason = lines.find((l) => /error/i.test(l)) ?? lines.slice(-1)[0] ?? '';
    return { cases, unavailable: `\`onhandshake test\` exited with ${exitCode}: ${reason.trim().slice(0, 200)}` };
  }
  return { cases, wallMs, exitCode, summary: lines.slice(-1)[0] };
}
