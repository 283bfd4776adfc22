import { describe, expect, it } from 'vitest';
import { HeaderBag } from '../../src/common/headers.js';
import { createLogger } from '../../src/gateway/connection-log.js';
import { backendRequestHeaders } from '../../src/gateway/forwarded-headers.js';

describe('createLogger', () => {
  const event = { CorrelationId: '0123456789abcdef', EventName: 'ConnectionClosed' as const, Source: '127.0.0.1:5', Destination: 'ws://b/', CloseCode: 4000, CloseReason: 'bye', ClosedBy: 'client' };

  it('writes JSON lines with APIM\'s fields', () => {
    const lines: string[] = [];
    createLogger({ json: true, write: (l) => lines.push(l), region: 'local' }).event(event);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ...event, Region: 'local', TimeGenerated: expect.any(String) });
  });

  it('writes one short human line otherwise, and nothing for events when quiet', () => {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).event(event);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ConnectionClosed 127\.0\.0\.1:5 → ws:\/\/b\/ \[01234567\] close=4000 "bye" by=client$/);
    const quiet: string[] = [];
    const logger = createLogger({ write: (l) => quiet.push(l), quietEvents: true });
    logger.event(event);
    logger.info('still printed');
    expect(quiet).toEqual(['still printed']);
  });
});

describe('backendRequestHeaders', () => {
  it('drops hop-by-hop headers, those named in Connection and the gateway\'s own, and appends X-Forwarded-For', () => {
    const headers = new HeaderBag([
      ['Host', 'gateway'], ['Connection', 'Upgrade, X-Private'], ['Upgrade', 'websocket'], ['X-Private', 'p'], ['Keep-Alive', '5'],
      ['Sec-WebSocket-Key', 'k'], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Protocol', 'chat'], ['Authorization', 'Bearer t'],
      ['Ocp-Apim-Subscription-Key', 's'], ['x-forwarded-for', '10.0.0.1'],
    ]);
    const out = backendRequestHeaders(headers, '127.0.0.1');
    expect(out.toPairs()).toEqual([
      { name: 'Authorization', value: 'Bearer t' },
      { name: 'Ocp-Apim-Subscription-Key', value: 's' },
      { name: 'x-forwarded-for', value: '10.0.0.1, 127.0.0.1' },
    ]);
  });
});
