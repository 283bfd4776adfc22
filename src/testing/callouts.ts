/**
 * A case's mocked callouts. Matching and answering (method + URL glob or /regex/, status, headers,
 * body, delay, connect failure, timeout) is the graph's MockCalloutClient, the one
 * `onhandshake trace --mock` uses; this wrapper adds what tests need on top of it: the list of calls
 * with their headers and bodies (for `expect.callouts`), which mock answered each (by its `name` or
 * `mocks[i]`), and the calls no mock matched, which fail the case with the request attempted.
 */
import { MockCalloutClient, type MockEntry } from '../graph/mock-callouts.js';
import type { CalloutClient, CalloutRequest, CalloutResponse } from '../steps/runtime/contract.js';
import type { MockSpec } from './format.js';
import { headersRecord, type ObservedCallout } from './observe.js';
import type { CaseCallouts } from './target.js';

/** A test file's mock as a mock-file entry (`name` is ours; header values become text). */
export function toMockEntry(mock: MockSpec): MockEntry {
  const { name: _name, headers, ...rest } = mock;
  const entry: MockEntry = { ...rest };
  if (headers) {
    entry.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
  }
  return entry;
}

export function caseCallouts(mocks: MockSpec[]): CaseCallouts {
  const inner = new MockCalloutClient(mocks.map(toMockEntry));
  const calls: ObservedCallout[] = [];
  const unmatched: CalloutRequest[] = [];

  const client: CalloutClient = {
    async send(request: CalloutRequest): Promise<CalloutResponse> {
      const call: ObservedCallout = {
        method: request.method,
        url: request.url,
        headers: headersRecord(request.headers),
        ...(request.body && request.body.length ? { body: request.body.toString('utf8') } : {}),
      };
      calls.push(call);
      // MockCalloutClient records the call synchronously when send starts: its index is known now.
      const at = inner.calls.length;
      const settle = () => {
        const record = inner.calls[at];
        if (!record) return;
        if (record.mock !== null) call.mock = mocks[record.mock - 1]?.name ?? `mocks[${record.mock - 1}]`;
        if (record.outcome === 'unmatched') unmatched.push(request);
      };
      try {
        const response = await inner.send(request);
        settle();
        call.status = response.statusCode;
        return response;
      } catch (err) {
        settle();
        call.error = inner.calls[at]?.outcome === 'unmatched' ? 'unmatched' : ((err as { reason?: string }).reason ?? (err as Error).message);
        throw err;
      }
    },
  };
  return { client, calls, unmatched };
}
