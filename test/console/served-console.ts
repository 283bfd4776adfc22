/**
 * A gateway with its console as a user starts it (`onhandshake serve --config`, a real process) in front of
 * a real echo backend, and raw HTTP requests to it (node:http, so that Host, Origin and forwarding headers
 * are exactly what the test says).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { echoServer, type EchoServer } from '../gateway/helpers.js';
import { until, type RunningProgram } from '../e2e/program.js';

export const POLICY = `<policies>
    <inbound>
        <base />
        <set-header name="X-From-Policy" exists-action="override">
            <value>as written</value>
        </set-header>
    </inbound>
    <backend><base /></backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>
`;

/** What an attacker would like to serve: every handshake answered by the policy, not the backend. */
export const INJECTED = POLICY.replace('<base />', '<return-response><set-status code="418" reason="Injected" /></return-response>');

export interface ServedConsole {
  program: RunningProgram;
  dir: string;
  policy: string;
  port: number;
  http: string;
  ws: string;
  backend: EchoServer;
  close(): Promise<void>;
}

/** `configLines` are added to the configuration file (top-level YAML). */
export async function serveConsole(configLines: string[] = [], args: string[] = []): Promise<ServedConsole> {
  const backend = await echoServer();
  const dir = mkdtempSync(join(tmpdir(), 'oh-console-access-'));
  const policy = join(dir, 'echo.xml');
  writeFileSync(policy, POLICY);
  const config = join(dir, 'onhandshake.yaml');
  writeFileSync(config, ['listen: { host: 127.0.0.1, port: 0 }', 'apis:', '  - name: echo', '    path: /echo', `    serviceUrl: ${backend.url}/ws`, '    policy: echo.xml', ...configLines, ''].join('\n'));
  const program = startCli(['serve', '--config', config, '--drain-ms', '0', ...args]);
  const [, ws, port] = await until(() => program.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:(\d+))/), `the listening line (stderr: ${program.stderr()})`);
  await until(() => program.stdout().match(/APIs:\n.*\n/), 'the APIs lines');
  return {
    program,
    dir,
    policy,
    port: Number(port),
    http: ws!.replace(/^ws/, 'http'),
    ws: ws!,
    backend,
    close: async () => {
      if (program.child.exitCode === null) {
        program.child.kill('SIGTERM');
        await program.exit;
      }
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The CLI as a user runs it (node + tsx on src/cli/main.ts). Not runProgram: that one is killed after each
 * test, and these gateways serve a whole describe block.
 */
export function startCli(args: string[]): RunningProgram {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to 127.0.0.1:port with exactly these headers (Host included). */
export function rawRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The per-process token, read from the page as its script reads it. */
export async function pageToken(port: number): Promise<string> {
  const page = await rawRequest(port, 'GET', '/_onhandshake/', {});
  const m = /<meta name="onhandshake-token" content="([^"]+)">/.exec(page.body);
  if (!m) throw new Error(`no token in the console page (status ${page.status})`);
  return m[1]!;
}

/** A change as the console page makes it: its Origin, its token, a JSON body. */
export function consolePost(port: number, path: string, body: unknown, token: string): Promise<RawAnswer> {
  return rawRequest(port, 'POST', `/_onhandshake${path}`, { origin: `http://127.0.0.1:${port}`, 'x-onhandshake-token': token, 'content-type': 'application/json' }, JSON.stringify(body));
}
