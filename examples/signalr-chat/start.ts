/**
 * `npm start`: the SignalR chat running locally, no Azure. Starts the stand-in for Azure SignalR Service,
 * the chat web app, and the gateway from examples/signalr-chat/onhandshake.yaml through the same code as
 * `onhandshake serve --config`, then prints how to connect.
 * Ports: GATEWAY_PORT (8080), CHAT_APP_PORT (5080), SIGNALR_PORT (5081); 0 picks free ones.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHost, describeApis, HostStartError, type GatewayHost } from '../../src/serve/host.js';
import { loadApiops } from '../../src/config/apiops/index.js';
import type { ConnectionLogger } from '../../src/gateway/connection-log.js';
import { formatDiagnostic } from '../../src/gateway/format-diagnostic.js';
import { waitForSignal } from '../../src/cli/serve.js';
import { startSignalRService, type SignalRService, type SignalRServiceOptions } from './signalr-service.js';
import { startWebApp, type WebApp } from './web-app.js';
import { runIfMain } from '../../src/common/run-main.js';

export interface ChatOptions {
  gatewayPort?: number;
  webAppPort?: number;
  servicePort?: number;
  logger?: ConnectionLogger;
  /** Watch the policy and config files (default true). */
  watch?: boolean;
  /** Use this configuration file instead of the example's. */
  configFile?: string;
  /** Or serve an APIOps folder (its chat-app-url named value is pointed at the local web app). */
  apiops?: { dir: string; configFile?: string };
  /** Options for the SignalR Service stand-in (token lifetimes, keep-alive). */
  service?: Partial<Omit<SignalRServiceOptions, 'accessKey' | 'port'>>;
}

export interface Chat {
  host: GatewayHost;
  webApp: WebApp;
  service: SignalRService;
  /** ws://…/chat */
  chatUrl: string;
  close(): Promise<void>;
}

/** The project root: the nearest folder above this file holding package.json (works from src and dist). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the project root (package.json)');
    dir = up;
  }
  return dir;
}

export async function startChat(options: ChatOptions = {}): Promise<Chat> {
  const accessKey = randomBytes(32).toString('base64');
  const service = await startSignalRService({ ...options.service, accessKey, port: options.servicePort ?? 5081 });
  let chatUrl = '';
  let webApp: WebApp | undefined;
  try {
    webApp = await startWebApp({ serviceUrl: service.url, accessKey, port: options.webAppPort ?? 5080, gatewayUrl: () => chatUrl });
    const env = { ...process.env, CHAT_APP_URL: webApp.url, SIGNALR_CLIENT_URL: `${service.url.replace(/^http/, 'ws')}/client/` };
    const estate = options.apiops;
    const host = await startHost({
      ...(estate
        ? { load: () => loadApiops(estate.dir, { ...(estate.configFile ? { configFile: estate.configFile } : {}), env: { ...env, ONHANDSHAKE_NV_chat__app__url: webApp!.url } }) }
        : { configFile: options.configFile ?? join(projectRoot(), 'examples/signalr-chat/onhandshake.yaml') }),
      env,
      port: options.gatewayPort ?? 8080,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.watch === false ? { watch: false } : {}),
    });
    chatUrl = `${host.address.url}/chat`;
    const app = webApp;
    return {
      host,
      webApp: app,
      service,
      chatUrl,
      close: async () => {
        await host.close(0);
        await app.close();
        await service.close();
      },
    };
  } catch (err) {
    await webApp?.close();
    await service.close();
    throw err;
  }
}

/** A bad environment variable: reported as one line, not a stack. */
class EnvironmentError extends Error {}

/** A port from the environment (0 = any free port); anything else than a port number is an error. */
export function envPort(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new EnvironmentError(`${name} must be a port number (0 = any free port), not '${value}'`);
  return port;
}

/** The ports the example starters read from the environment. */
export function chatPortsFromEnv(): Pick<ChatOptions, 'gatewayPort' | 'webAppPort' | 'servicePort'> {
  return { gatewayPort: envPort('GATEWAY_PORT', 8080), webAppPort: envPort('CHAT_APP_PORT', 5080), servicePort: envPort('SIGNALR_PORT', 5081) };
}

/**
 * The body of an example starter: starts the chat, prints the banner, then runs until a signal and
 * closes the stand-ins. A configuration error or a busy port is a message and exit code 1, not a stack.
 */
export async function runChatUntilSignal<C extends Chat>(start: () => Promise<C>, banner: (chat: C) => string[]): Promise<number> {
  let chat: C;
  try {
    chat = await start();
  } catch (err) {
    if (err instanceof HostStartError) {
      for (const d of err.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      return 1;
    }
    if (err instanceof EnvironmentError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`${e.message}: another program uses that port; set GATEWAY_PORT, CHAT_APP_PORT or SIGNALR_PORT (0 = any free port)\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write(banner(chat).join('\n'));
  const code = await waitForSignal(chat.host);
  await chat.webApp.close();
  await chat.service.close();
  return code;
}

function banner(chat: Chat): string[] {
  const root = projectRoot();
  const rs = '\\x1e';
  return [
    'SignalR chat running locally (no Azure):',
    `  chat web app       ${chat.webApp.url}   (negotiate: ${chat.webApp.url}/chat/negotiate?negotiateVersion=1)`,
    `  SignalR Service    ${chat.service.url}   (local stand-in)`,
    `  gateway            ${chat.host.address.url}   (health: ${chat.host.address.url.replace(/^ws/, 'http')}/_onhandshake/health, console: ${chat.host.address.url.replace(/^ws/, 'http')}/_onhandshake/)`,
    ...describeApis(chat.host).map((line) => line.replace(root + '/', '')),
    '',
    'Connect:',
    `  browser:   open ${chat.webApp.url}/ in two tabs and chat`,
    `  terminal:  node dist/examples/signalr-chat/client.js ${chat.chatUrl} alice`,
    `  raw ws:    node -e 'const W=require("ws"),s=new W(process.argv[1]);s.on("open",()=>{s.send(JSON.stringify({protocol:"json",version:1})+"${rs}");setTimeout(()=>s.send(JSON.stringify({type:1,target:"SendMessage",arguments:["me","hello"]})+"${rs}"),300)});s.on("message",m=>console.log(String(m)))' ${chat.chatUrl}`,
    `  SignalR:   new HubConnectionBuilder().withUrl("${chat.chatUrl.replace(/^ws/, 'http')}", { skipNegotiation: true, transport: HttpTransportType.WebSockets })`,
    '',
    `Edit ${relative(process.cwd(), join(root, 'policies/signalr-chat.xml'))}: new handshakes use it at once. Ctrl+C stops.`,
    '',
  ];
}

runIfMain(import.meta.url, 'signalr-chat', () => runChatUntilSignal(() => startChat(chatPortsFromEnv()), banner));
