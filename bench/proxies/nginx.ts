/** `nginx`: when installed (Debian: nginx or nginx-light), one worker, config from bench/configs. */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startProcess, waitForPort } from '../lib/children.js';
import { freePort } from '../lib/ports.js';
import { toolVersion } from '../lib/machine.js';
import { renderTemplate } from './template.js';
import type { TargetDefinition } from './target.js';
import { wsUrl } from './target.js';
import { which } from './which.js';

export const nginx: TargetDefinition = {
  name: 'nginx',
  description: 'nginx, 1 worker, proxy_pass with Upgrade/Connection headers (bench/configs/nginx.conf.template)',
  available() {
    const binary = which('nginx');
    if (!binary) return { ok: false, reason: 'nginx not installed (apt-get install nginx-light)' };
    return { ok: true, version: toolVersion(binary, '-v') };
  },
  async start(env) {
    const binary = which('nginx')!;
    const port = await freePort();
    const dir = join(env.scratch, `nginx-${port}`);
    mkdirSync(dir, { recursive: true });
    const config = join(dir, 'nginx.conf');
    renderTemplate(join(env.root, 'bench/configs/nginx.conf.template'), config, {
      SCRATCH: dir,
      PORT: port,
      ECHO_PORT: env.echoPort,
      // Two connections per tunnel; nginx starts "reusing" (resetting) idle ones well before the exact count.
      WORKER_CONNECTIONS: env.maxConnections * 3,
      NOFILE: env.maxConnections * 3 + 200,
    });
    const child = startProcess(binary, ['-c', config, '-p', dir], { name: 'nginx' });
    await waitForPort(port, 10_000, child);
    return {
      name: 'nginx',
      endpoint: (variant) => (variant === 'plain' ? { url: wsUrl(port, '/plain'), pid: child.pid } : undefined),
      // SIGTERM is nginx's fast shutdown.
      stop: () => child.stop(),
    };
  },
};
