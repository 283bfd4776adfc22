import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { policy, run, startServer, type TestServer } from '../graph/helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const call = (name: string, url: string) =>
  `<send-request response-variable-name="${name}" timeout="10"><set-url>${url}</set-url><set-method>GET</set-method></send-request>`;

/**
 * Concurrency is proven by ordering, not timing: each server holds its answer until it has seen the
 * other server's request arrive. Run one after the other, the first call would never be answered
 * (and the run would end in a Timeout error).
 */
async function rendezvousServers(): Promise<{ a: TestServer; b: TestServer; log: string[] }> {
  const log: string[] = [];
  const waiting: Array<() => void> = [];
  let arrived = 0;
  const handler = (label: string) => (_req: unknown, res: ServerResponse) => {
    log.push(`arrive ${label}`);
    arrived++;
    const answer = () => {
      log.push(`answer ${label}`);
      res.end(label);
    };
    if (arrived === 2) {
      waiting.splice(0).forEach((f) => f());
      answer();
    } else waiting.push(answer);
  };
  const a = await startServer(handler('a'));
  const b = await startServer(handler('b'));
  servers.push(a, b);
  return { a, b, log };
}

describe('wait', () => {
  it('for="all" runs its send-requests concurrently and waits for every one', async () => {
    const { a, b, log } = await rendezvousServers();
    const r = await run(policy(`<wait for="all">${call('ra', a.url)}${call('rb', b.url)}</wait>`));
    expect(r.state.lastError).toBeNull();
    expect(r.decision.kind).toBe('connect');
    // Both requests arrived before either was answered: they overlapped.
    expect(log.slice(0, 2).sort()).toEqual(['arrive a', 'arrive b']);
    expect(r.state.variables.has('ra') && r.state.variables.has('rb')).toBe(true);
  });

  it('for="all" is the default', async () => {
    const { a, b, log } = await rendezvousServers();
    const r = await run(policy(`<wait>${call('ra', a.url)}${call('rb', b.url)}</wait>`));
    expect(r.decision.kind).toBe('connect');
    expect(log.slice(0, 2).sort()).toEqual(['arrive a', 'arrive b']);
  });

  it('for="any" goes on after the first answer and cancels the others', async () => {
    const fastLog: string[] = [];
    let slowClosed!: () => void;
    const slowGone = new Promise<void>((r) => (slowClosed = r));
    let slowArrived!: () => void;
    const slowHere = new Promise<void>((r) => (slowArrived = r));
    // The slow server never answers; the fast one answers only once the slow request is in flight.
    const slow = await startServer((req) => {
      slowArrived();
      req.socket.on('close', () => slowClosed());
    });
    const fast = await startServer((_req, res) => {
      void slowHere.then(() => {
        fastLog.push('fast answers');
        res.end('fast');
      });
    });
    servers.push(slow, fast);
    // ignore-error="true" on the loser: being cancelled is not an error it swallows into a null variable.
    const slowCall = call('rs', slow.url).replace('timeout="10"', 'timeout="10" ignore-error="true"');
    const r = await run(policy(`<wait for="any">${slowCall}${call('rf', fast.url)}</wait>`));
    expect(r.state.lastError).toBeNull();
    expect(r.decision.kind).toBe('connect');
    expect(r.state.variables.has('rf')).toBe(true);
    expect(r.state.variables.has('rs')).toBe(false);
    // The losing call was cancelled: its connection is closed by the gateway side.
    await slowGone;
    const waitEntry = r.trace!.traceEntries.inbound.find((e) => e.source === 'wait')!;
    expect(waitEntry.data).toMatchObject({ completed: ['policies/inbound/wait[1]/send-request[2]'], cancelled: ['policies/inbound/wait[1]/send-request[1]'] });
    const loser = r.trace!.traceEntries.inbound.find((e) => e.path === 'policies/inbound/wait[1]/send-request[1]')!;
    expect(loser.data).toMatchObject({ cancelled: true });
  });

  it('an error in a child of wait for="all" goes to on-error', async () => {
    const ok = await startServer((_req, res) => res.end('ok'));
    servers.push(ok);
    const r = await run(policy(`<wait for="all">${call('ra', ok.url)}${call('rb', 'http://127.0.0.1:1/')}</wait>`));
    expect(r.state.lastError).toMatchObject({ source: 'send-request', reason: 'BackendConnectionFailure', path: 'wait[1]/send-request[2]' });
  });

  it('rejects children other than send-request, cache-lookup-value and choose', async () => {
    const { compile } = await import('../graph/helpers.js');
    const result = compile(policy('<wait><set-variable name="a" value="1" /></wait>'));
    expect(result.graph).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'OH406', line: 3, message: expect.stringContaining('<set-variable> is not allowed inside <wait>') })]);
  });
});
