/**
 * `trace --mock F`: answers send-requests from a file instead of the network. The file is YAML or
 * JSON: a list (or `{mocks: [...]}`) of entries
 *   { method?, url, status?, headers?, body?, delay?, fail?: connect | timeout }
 * `url` is a glob (`*` matches anything, other characters literally) or `/regex/flags`; the first
 * matching entry answers. Unmatched callouts fail with BackendConnectionFailure, or go to the network
 * when a fallback client is given (--allow-network).
 */
import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { HeaderBag } from '../common/headers.js';
import { CalloutError } from '../steps/runtime/callout-error.js';
import type { CalloutClient, CalloutRequest, CalloutResponse } from '../steps/runtime/contract.js';

export interface MockEntry {
  method?: string;
  url: string;
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
  /** Milliseconds before answering (or failing). */
  delay?: number;
  fail?: 'connect' | 'timeout';
}

interface CompiledMock {
  entry: MockEntry;
  index: number;
  matches(method: string, url: string): boolean;
}

export interface MockCall {
  method: string;
  url: string;
  /** Index of the entry that answered, or null (network / unmatched). */
  mock: number | null;
  outcome: string;
}

export class MockFileError extends Error {}

/** Parses and validates mock entries; throws MockFileError naming the entry and field. */
export function parseMocks(text: string, file: string): MockEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new MockFileError(`${file}: not valid YAML or JSON: ${(err as Error).message}`);
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as { mocks?: unknown }).mocks)) data = (data as { mocks: unknown }).mocks;
  if (!Array.isArray(data)) throw new MockFileError(`${file}: expected a list of mock entries (or {mocks: [...]})`);
  return data.map((raw, i) => {
    const at = `${file}: entry ${i + 1}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new MockFileError(`${at}: expected an object`);
    const e = raw as Record<string, unknown>;
    const known = ['method', 'url', 'status', 'headers', 'body', 'delay', 'fail'];
    for (const k of Object.keys(e)) if (!known.includes(k)) throw new MockFileError(`${at}: unknown field '${k}' (allowed: ${known.join(', ')})`);
    if (typeof e.url !== 'string' || e.url === '') throw new MockFileError(`${at}: 'url' (a glob or /regex/) is required`);
    if (e.method !== undefined && typeof e.method !== 'string') throw new MockFileError(`${at}: 'method' must be a string`);
    if (e.status !== undefined && (!Number.isInteger(e.status) || (e.status as number) < 100 || (e.status as number) > 999)) throw new MockFileError(`${at}: 'status' must be an HTTP status code`);
    if (e.delay !== undefined && (typeof e.delay !== 'number' || e.delay < 0)) throw new MockFileError(`${at}: 'delay' must be a number of milliseconds`);
    if (e.fail !== undefined && e.fail !== 'connect' && e.fail !== 'timeout') throw new MockFileError(`${at}: 'fail' must be connect or timeout`);
    if (e.headers !== undefined && (typeof e.headers !== 'object' || e.headers === null || Array.isArray(e.headers))) throw new MockFileError(`${at}: 'headers' must be a map`);
    if (e.url.startsWith('/') && e.url.length > 1) {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(e.url);
      if (m) {
        try {
          new RegExp(m[1]!, m[2]);
        } catch (err) {
          throw new MockFileError(`${at}: bad regular expression ${e.url}: ${(err as Error).message}`);
        }
      }
    }
    return e as unknown as MockEntry;
  });
}

export function loadMockFile(file: string): MockEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new MockFileError(`${file}: cannot read: ${(err as Error).message}`);
  }
  return parseMocks(text, file);
}

function urlMatcher(pattern: string): (url: string) => boolean {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re) {
    const regex = new RegExp(re[1]!, re[2]);
    return (url) => regex.test(url);
  }
  const glob = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return (url) => glob.test(url);
}

export class MockCalloutClient implements CalloutClient {
  private readonly mocks: CompiledMock[];
  readonly calls: MockCall[] = [];

  constructor(entries: readonly MockEntry[], private readonly fallback?: CalloutClient) {
    this.mocks = entries.map((entry, index) => {
      const url = urlMatcher(entry.url);
      const method = entry.method?.toUpperCase();
      return { entry, index, matches: (m, u) => (method === undefined || method === m.toUpperCase()) && url(u) };
    });
  }

  async send(req: CalloutRequest): Promise<CalloutResponse> {
    const mock = this.mocks.find((m) => m.matches(req.method, req.url));
    if (!mock) {
      if (this.fallback) {
        const call: MockCall = { method: req.method, url: req.url, mock: null, outcome: 'network' };
        this.calls.push(call);
        return this.fallback.send(req);
      }
      this.calls.push({ method: req.method, url: req.url, mock: null, outcome: 'unmatched' });
      throw new CalloutError('BackendConnectionFailure', `No mock matches ${req.method} ${req.url} (add an entry to the mock file, or pass --allow-network)`);
    }
    const e = mock.entry;
    const call: MockCall = { method: req.method, url: req.url, mock: mock.index + 1, outcome: '' };
    this.calls.push(call);
    if (e.delay) await delay(Math.min(e.delay, req.timeoutMs), req.signal);
    if (e.fail === 'connect') {
      call.outcome = 'fail: connect';
      throw new CalloutError('BackendConnectionFailure', `Unable to connect to the remote server: ${req.method} ${req.url} (mock ${mock.index + 1})`);
    }
    if (e.fail === 'timeout' || (e.delay !== undefined && e.delay > req.timeoutMs)) {
      call.outcome = 'fail: timeout';
      throw new CalloutError('Timeout', `Request to the backend service timed out (${req.timeoutMs} ms): ${req.method} ${req.url} (mock ${mock.index + 1})`);
    }
    const status = e.status ?? 200;
    const headers = new HeaderBag(Object.entries(e.headers ?? {}));
    let body: Buffer;
    if (e.body === undefined || e.body === null) body = Buffer.alloc(0);
    else if (typeof e.body === 'string') body = Buffer.from(e.body, 'utf8');
    else {
      body = Buffer.from(JSON.stringify(e.body), 'utf8');
      if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
    }
    if (body.length > req.maxBodyBytes) throw new CalloutError('BackendConnectionFailure', `The response body of ${req.url} exceeds the limit of ${req.maxBodyBytes} bytes.`);
    call.outcome = `${status}`;
    return { statusCode: status, statusReason: STATUS_CODES[status] ?? '', headers, body };
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new CalloutError('BackendConnectionFailure', 'The request was cancelled.'));
    }, { once: true });
  });
}
