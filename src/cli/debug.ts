/**
 * `onhandshake debug [--port N] [--host H]` — a Debug Adapter Protocol server: on stdio (how VS Code
 * starts an adapter) or, with --port, on a TCP socket (one session per connection). The launch request
 * says what to run: a policy test case (`test`, `case`) or a trace input (`policy`, `handshake`, `mock`).
 * Exit 0 when the client disconnects; 2 for usage errors.
 */
import { parseCommandLine, usageError, type CommandDescription } from './command-line.js';
import { listen, serveStreams } from '../debug/server.js';

const USAGE = `usage: onhandshake debug [options]

A debug adapter (Debug Adapter Protocol) that steps through onHandshake policies: breakpoints on
policy lines, conditions in C#, variables, evaluate, step over/into/out. See docs/debugging.md.

  --port N             listen on a TCP port instead of stdio (0 picks a free one; printed on stderr)
  --host H             the address to listen on with --port (default 127.0.0.1)
`;

const COMMAND: CommandDescription = {
  name: 'debug',
  usage: USAGE,
  exitCodes: { 0: 'the client disconnected (stdio) or the server was stopped', 2: 'usage error (bad option, port in use)' },
};

export default async function debug(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, { port: { type: 'string' }, host: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 0) return usageError(COMMAND, `unexpected argument '${positionals[0]}' (the launch request names the policy)`);
  if (values.port === undefined) {
    if (values.host !== undefined) return usageError(COMMAND, '--host needs --port');
    await serveStreams(process.stdin, process.stdout, (t) => process.stderr.write(t));
    // The client is gone: stop reading, so that the open stdin does not keep the process alive.
    process.stdin.destroy();
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(COMMAND, `--port must be 0..65535, not '${values.port}'`);
  let server;
  try {
    server = await listen(port, values.host ?? '127.0.0.1');
  } catch (e) {
    return usageError(COMMAND, `cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${(e as Error).message}`);
  }
  process.stderr.write(`onhandshake debug: listening on ${server.address.address}:${server.address.port}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
