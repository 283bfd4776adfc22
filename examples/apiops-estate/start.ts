/**
 * An APIOps folder (examples/apiops-estate/estate, the layout Azure APIOps extracts) with two WebSocket
 * APIs: the SignalR chat and Azure OpenAI's realtime endpoint. Starts their local stand-ins and the gateway
 * as `onhandshake serve --apiops` does, with the local override file, then prints how to connect.
 * Ports: GATEWAY_PORT (8080), CHAT_APP_PORT (5080), SIGNALR_PORT (5081), REALTIME_PORT (5082); 0 picks free ones.
 */
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { describeApis } from '../../src/serve/host.js';
import { runIfMain } from '../../src/common/run-main.js';
import { chatPortsFromEnv, envPort, projectRoot, runChatUntilSignal, startChat, type Chat, type ChatOptions } from '../signalr-chat/start.js';
import { startRealtimeStandIn, type RealtimeStandIn } from './realtime-stand-in.js';

export const ESTATE_DIR = join(projectRoot(), 'examples/apiops-estate/estate');
export const LOCAL_OVERRIDES = join(ESTATE_DIR, 'configuration.local.yaml');
/** The subscription keys configuration.local.yaml gives the Starter and Realtime products' subscriptions. */
export const LOCAL_KEY = 'local-starter-primary-key';
export const REALTIME_KEY = 'local-realtime-primary-key';

export interface EstateChat extends Chat {
  realtime: RealtimeStandIn;
  /** ws://…/openai/realtime */
  realtimeUrl: string;
}

export async function startEstateChat(options: ChatOptions & { realtimePort?: number } = {}): Promise<EstateChat> {
  // The resource's key: a Key Vault reference in the estate, given to the gateway as ONHANDSHAKE_NV_* (as a user would).
  const apiKey = randomBytes(16).toString('hex');
  const realtime = await startRealtimeStandIn({ apiKey, port: options.realtimePort ?? 5082 });
  process.env.ONHANDSHAKE_NV_openai__api__key = apiKey;
  process.env.ONHANDSHAKE_NV_openai__endpoint = realtime.url;
  try {
    const chat = await startChat({ ...options, apiops: { dir: ESTATE_DIR, configFile: LOCAL_OVERRIDES } });
    return {
      ...chat,
      realtime,
      realtimeUrl: `${chat.host.address.url}/openai/realtime`,
      close: async () => {
        await chat.close();
        await realtime.close();
      },
    };
  } catch (err) {
    await realtime.close();
    throw err;
  }
}

function banner(chat: EstateChat): string[] {
  const root = projectRoot();
  const estate = relative(process.cwd(), ESTATE_DIR);
  return [
    `SignalR chat served from the APIOps folder ${estate} (no Azure):`,
    ...describeApis(chat.host).map((line) => line.replace(root + '/', '')),
    '',
    'Connect:',
    `  browser:         open ${chat.webApp.url}/ in two tabs and chat`,
    `  terminal:        npx tsx examples/signalr-chat/client.ts ${chat.chatUrl} alice`,
    `  through Starter: npx tsx examples/signalr-chat/client.ts '${chat.chatUrl}?subscription-key=${LOCAL_KEY}' bob`,
    `  realtime:        node -e 'const W=require("ws"),s=new W(process.argv[1]);s.on("message",m=>{console.log(String(m));s.close()})' '${chat.realtimeUrl}?deployment=gpt-4o-realtime-preview&api-key=${REALTIME_KEY}'`,
    '',
    `The effective policy, and what production changes:`,
    `  npx tsx src/cli/main.ts policies --effective --apiops ${estate} --apiops-config ${estate}/configuration.local.yaml --diff ${estate}/configuration.prod.yaml`,
    '',
    'Edit any policy.xml of the estate: new handshakes use it at once. Ctrl+C stops.',
    '',
  ];
}

runIfMain(import.meta.url, 'apiops-estate', async () => {
  let started: EstateChat | undefined;
  const code = await runChatUntilSignal(async () => (started = await startEstateChat({ ...chatPortsFromEnv(), realtimePort: envPort('REALTIME_PORT', 5082) })), banner);
  // runChatUntilSignal closes the chat's stand-ins; the realtime one is this example's.
  await started?.realtime.close();
  return code;
});
