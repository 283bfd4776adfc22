/**
 * Process entry for the benchmark backends: the echo WebSocket server and the negotiate endpoint.
 * Prints one JSON line `{"ready":true,"echoPort":…,"negotiatePort":…}` and runs until SIGTERM,
 * or until its parent goes away (it never outlives a benchmark run).
 */
import { startEchoServer } from './echo-server.js';
import { startNegotiateServer } from './negotiate-server.js';

const echo = await startEchoServer(Number(process.env.BENCH_ECHO_PORT ?? 0));
const negotiate = await startNegotiateServer(echo.port, Number(process.env.BENCH_NEGOTIATE_PORT ?? 0));
process.stdout.write(JSON.stringify({ ready: true, echoPort: echo.port, negotiatePort: negotiate.port }) + '\n');

async function shutdown(): Promise<void> {
  clearInterval(orphanCheck);
  await Promise.race([Promise.all([echo.close(), negotiate.close()]), new Promise((r) => setTimeout(r, 2000))]);
  process.exit(0);
}

const parent = process.ppid;
const orphanCheck = setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    void shutdown();
  }
}, 1000);
orphanCheck.unref();

process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
