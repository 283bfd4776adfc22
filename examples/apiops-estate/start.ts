/**
 * The SignalR chat served from an APIOps folder (examples/apiops-estate/estate, the layout Azure APIOps
 * extracts): starts the chat stand-ins and the gateway as `onhandshake serve --apiops` does, with the
 * local override file, then prints how to connect.
 * Ports: GATEWAY_PORT (8080), CHAT_APP_PORT (5080), SIGNALR_PORT (5081); 0 picks free ones.
 */
import { join, relative } from 'node:path';
import { describeApis } from '../../src/gateway/host.js';
import { runIfMain } from '../../src/common/run-main.js';
import { chatPortsFromEnv, projectRoot, runChatUntilSignal, startChat, type Chat, type ChatOptions } from '../signalr-chat/start.js';

export const ESTATE_DIR = join(projectRoot(), 'examples/apiops-estate/estate');
export const LOCAL_OVERRIDES = join(ESTATE_DIR, 'configuration.local.yaml');
/** The subscription key configuration.local.yaml gives the Starter product's subscription. */
export const LOCAL_KEY = 'local-starter-primary-key';

export function startEstateChat(options: ChatOptions = {}): Promise<Chat> {
  return startChat({ ...options, apiops: { dir: ESTATE_DIR, configFile: LOCAL_OVERRIDES } });
}

function banner(chat: Chat): string[] {
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
    '',
    `The effective policy, and what production changes:`,
    `  npx tsx src/cli/main.ts policies --effective --apiops ${estate} --apiops-config ${estate}/configuration.local.yaml --diff ${estate}/configuration.prod.yaml`,
    '',
    'Edit any policy.xml of the estate: new handshakes use it at once. Ctrl+C stops.',
    '',
  ];
}

runIfMain(import.meta.url, 'apiops-estate', () => runChatUntilSignal(() => startEstateChat(chatPortsFromEnv()), banner));
