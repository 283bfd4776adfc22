/** `http-proxy`: the npm package most Node developers reach for, in its own process. */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startProcess } from '../lib/children.js';
import type { TargetDefinition } from './target.js';
import { wsUrl } from './target.js';

const here = dirname(fileURLToPath(import.meta.url));

export const httpProxy: TargetDefinition = {
  name: 'http-proxy',
  description: 'http-proxy (npm) `proxy.ws()` tunnel; policies (a) and (b) hand-written in JavaScript with undici',
  available: () => ({ ok: true }),
  async start(env) {
    const child = startProcess(process.execPath, [join(here, 'http-proxy-server.js')], {
      name: 'http-proxy',
      env: {
        ...process.env,
        BENCH_ECHO_PORT: String(env.echoPort),
        BENCH_NEGOTIATE_PORT: String(env.negotiatePort),
      },
    });
    const line = await child.waitForLine((l) => l.startsWith('{"ready"'), 15_000);
    const port = (JSON.parse(line) as { port: number }).port;
    return {
      name: 'http-proxy',
      endpoint: (variant) => ({ url: wsUrl(port, `/${variant}`), pid: child.pid }),
      stop: () => child.stop(),
    };
  },
};
