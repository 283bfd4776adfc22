/**
 * Record and replay: a CalloutClient that passes every callout to the real client and keeps the
 * exchange, then writes the exchanges as a mock file (`mocks:` entries in the shape
 * `onhandshake trace --mock` reads and test cases' `mocks:` accept), so a test captured once from real backends replays offline.
 *
 * `onhandshake trace --record FILE` wraps its client with `recordTo(FILE, client)`, which rewrites FILE
 * after every exchange (so a run that ends in an error still leaves its recording).
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { CalloutClient, CalloutRequest, CalloutResponse } from '../steps/runtime/contract.js';
import type { MockEntry } from '../graph/mock-callouts.js';

/** Response headers a replay gains nothing from (they describe the original connection). */
const DROPPED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
/** Request header values never written to a file: they are credentials. */
export const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'ocp-apim-subscription-key', 'api-key', 'cookie']);

export interface RecordedExchange {
  request: { method: string; url: string; headers: Array<[string, string]>; body?: string };
  response?: { statusCode: number; statusReason: string; headers: Array<[string, string]>; body: Buffer };
  error?: { reason: 'Timeout' | 'BackendConnectionFailure'; message: string };
}

function bodyValue(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  if (contentType?.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // keep the text
    }
  }
  return text;
}

export class RecordingCalloutClient implements CalloutClient {
  readonly exchanges: RecordedExchange[] = [];

  constructor(private readonly inner: CalloutClient) {}

  async send(request: CalloutRequest): Promise<CalloutResponse> {
    const exchange: RecordedExchange = {
      request: {
        method: request.method,
        url: request.url,
        headers: request.headers.toPairs().map(({ name, value }) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? '***' : value]),
        ...(request.body && request.body.length ? { body: request.body.toString('utf8') } : {}),
      },
    };
    this.exchanges.push(exchange);
    try {
      const response = await this.inner.send(request);
      exchange.response = {
        statusCode: response.statusCode,
        statusReason: response.statusReason,
        headers: response.headers.toPairs().map(({ name, value }) => [name, value]),
        body: Buffer.from(response.body),
      };
      return response;
    } catch (err) {
      const reason = (err as { reason?: string }).reason === 'Timeout' ? 'Timeout' : 'BackendConnectionFailure';
      exchange.error = { reason, message: (err as Error).message };
      throw err;
    }
  }

  /** The exchanges as mock entries: exact method and URL, the answer as received. */
  toMocks(): MockEntry[] {
    return this.exchanges.map((x) => {
      const mock: MockEntry = { method: x.request.method, url: x.request.url };
      if (x.error) {
        mock.fail = x.error.reason === 'Timeout' ? 'timeout' : 'connect';
        return mock;
      }
      const r = x.response!;
      mock.status = r.statusCode;
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of r.headers) {
        if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
        const before = headers[name];
        headers[name] = before === undefined ? value : [...[before].flat(), value];
      }
      if (Object.keys(headers).length) mock.headers = headers;
      if (r.body.length) mock.body = bodyValue(r.body, r.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1]);
      return mock;
    });
  }

  /** The mock file text: a `mocks:` list, with a comment saying where it came from. */
  toMockFile(): string {
    return `# Recorded by onhandshake trace --record on ${new Date().toISOString()}; credentials are not recorded.\n${stringify({ mocks: this.toMocks() }, { lineWidth: 0 })}`;
  }

  save(file: string): void {
    writeFileSync(file, this.toMockFile());
  }
}

/** A recording client that saves to `file` after each exchange. */
export function recordTo(file: string, inner: CalloutClient): RecordingCalloutClient {
  return new SavingRecorder(inner, file);
}

class SavingRecorder extends RecordingCalloutClient {
  constructor(
    inner: CalloutClient,
    private readonly file: string,
  ) {
    super(inner);
    this.save(file);
  }

  override async send(request: CalloutRequest): Promise<CalloutResponse> {
    try {
      return await super.send(request);
    } finally {
      this.save(this.file);
    }
  }
}
