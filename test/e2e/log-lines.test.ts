/**
 * What `onhandshake serve` prints (issue 14 item 8): a hot reload's diagnostics one severity per line
 * (`file:line:col: error OH…`, not `warning: …: error OH…`), and a return-response answer logged as the
 * policy's answer (PolicyAnswered, no error), while a failing policy is still HandshakeRejected with its error.
 */
import { afterEach, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { echoServer } from '../gateway/helpers.js';
import { until } from './program.js';
import { rawStatus, serveConfig, upgradeRequest } from './served-gateway.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const policy = `<policies><inbound><base />
  <choose>
    <when condition="@(context.Request.Headers.ContainsKey(&quot;X-Deny&quot;))">
      <return-response><set-status code="403" reason="Forbidden" /></return-response>
    </when>
    <when condition="@(context.Request.Headers.ContainsKey(&quot;X-Fail&quot;))">
      <set-variable name="n" value="@(int.Parse(&quot;not a number&quot;))" />
    </when>
  </choose>
</inbound></policies>`;

it('logs a return-response as the policy\'s answer and prints reload diagnostics one severity per line', async () => {
  const echo = await echoServer();
  cleanups.push(() => echo.close());
  const gateway = await serveConfig({
    'gateway.yaml': `listen: { port: 0 }\nconsole: { enabled: false }\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n    policy: ./chat.xml\n`,
    'chat.xml': policy,
  });
  const stderr = (): string => gateway.program.stderr();

  expect((await rawStatus(gateway.port, upgradeRequest('/chat', ['Host: 127.0.0.1', 'X-Deny: 1']))).status).toBe(403);
  const answered = await until(() => stderr().split('\n').find((l) => l.includes('PolicyAnswered')), 'the PolicyAnswered line');
  expect(answered).toMatch(/PolicyAnswered 127\.0\.0\.1:\d+ → - \[[0-9a-f]{8}\] status=403$/);
  expect((await rawStatus(gateway.port, upgradeRequest('/chat', ['Host: 127.0.0.1', 'X-Fail: 1']))).status).toBe(500);
  await until(() => /HandshakeRejected .*status=500 error: set-variable: ExpressionValueEvaluationFailure/.test(stderr()), 'the failing policy\'s HandshakeRejected line');

  // A broken edit: the diagnostic is an error line of its own, then the warning that the last good version stays.
  const file = `${gateway.configDir}/chat.xml`;
  writeFileSync(file, policy.replace('</choose>', ''));
  await until(() => stderr().includes('keeping the last good version'), 'the reload refusal');
  const lines = stderr().split('\n');
  const diagnostic = lines.find((l) => l.startsWith(`${file}:`));
  expect(diagnostic).toMatch(/^.*chat\.xml:\d+:\d+: error OH\d{3}: /);
  expect(lines.filter((l) => /^warning: .*: (error|warning|info) OH\d{3}/.test(l))).toEqual([]);
  expect(lines).toContain('warning: the edit has errors: keeping the last good version for new handshakes');
  expect((await rawStatus(gateway.port, upgradeRequest('/chat', ['Host: 127.0.0.1', 'X-Deny: 1']))).status).toBe(403);
});
