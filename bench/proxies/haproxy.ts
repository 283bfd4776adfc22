/** `haproxy`: when installed (Debian: haproxy), one thread, config from bench/configs. */
import { join } from 'node:path';
import { startProcess, waitForPort } from '../lib/children.js';
import { freePort } from '../lib/ports.js';
import { toolVersion } from '../lib/machine.js';
import { renderTemplate } from './template.js';
import type { TargetDefinition } from './target.js';
import { wsUrl } from './target.js';
import { which } from './which.js';

export const haproxy: TargetDefinition = {
  name: 'haproxy',
  description: 'HAProxy, 1 thread, mode http with timeout tunnel (bench/configs/haproxy.cfg.template)',
  available() {
    const binary = which('haproxy');
    if (!binary) return { ok: false, reason: 'haproxy not installed (apt-get install haproxy)' };
    return { ok: true, version: toolVersion(binary, '-v') };
  },
  async start(env) {
    const binary = which('haproxy')!;
    const port = await freePort();
    const config = join(env.scratch, `haproxy-${port}.cfg`);
    renderTemplate(join(env.root, 'bench/configs/haproxy.cfg.template'), config, {
      PORT: port,
      ECHO_PORT: env.echoPort,
      MAXCONN: env.maxConnections + 100,
    });
    // -db: stay in the foreground; SIGTERM then stops it at once.
    const child = startProcess(binary, ['-db', '-f', config], { name: 'haproxy' });
    await waitForPort(port, 10_000, child);
    return {
      name: 'haproxy',
      endpoint: (variant) => (variant === 'plain' ? { url: wsUrl(port, '/plain'), pid: child.pid } : undefined),
      stop: () => child.stop(),
    };
  },
};
