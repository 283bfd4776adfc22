/**
 * A case's mocked callouts. Matching and answering (method + URL pattern, status, headers, body,
 * delay, connect failure, timeout) is the graph's mock-file client, the one `onhandshake trace --mock`
 * uses; this wrapper adds what tests need on top: which mock answered each call, the calls no mock
 * matched (they fail the case with the request attempted), and the list of calls for expectations.
 * Each mock gets its own client, tried in order, so the first mock that matches answers.
 */
import { CalloutError } from '../graph/callout-error.js';
import type { CalloutClient, CalloutRequest, CalloutResponse } from '../graph/contract.js';
import type { MockSpec } from './format.js';
import { headersRecord, type ObservedCallout } from './observe.js';
import type { CaseCallouts } from './target.js';

export interface MockClientFactory {
  /** A client answering from these mock entries. */
  create(mocks: MockSpec[]): CalloutClient;
  /** True when `err` says no entry matched (as opposed to a mocked failure). */
  isUnmatched(err: unknown): boolean;
}

function mockName(mock: MockSpec, index: number): string {
  return mock.name ?? `mocks[${index}]`;
}

export function caseCallouts(mocks: MockSpec[], factory: MockClientFactory): CaseCallouts {
  const calls: ObservedCallout[] = [];
  const unmatched: CalloutRequest[] = [];
  const clients = new Map<number, CalloutClient>();
  const clientFor = (i: number): CalloutClient => {
    let c = clients.get(i);
    if (!c) clients.set(i, (c = factory.create([mocks[i]!])));
    return c;
  };

  const client: CalloutClient = {
    async send(request: CalloutRequest): Promise<CalloutResponse> {
      const call: ObservedCallout = {
        method: request.method,
        url: request.url,
        headers: headersRecord(request.headers),
        ...(request.body && request.body.length ? { body: request.body.toString('utf8') } : {}),
      };
      calls.push(call);
      for (let i = 0; i < mocks.length; i++) {
        let response: CalloutResponse;
        try {
          response = await clientFor(i).send(request);
        } catch (err) {
          if (factory.isUnmatched(err)) continue;
          call.mock = mockName(mocks[i]!, i);
          call.error = (err as { reason?: string }).reason ?? (err as Error).message;
          throw err;
        }
        call.mock = mockName(mocks[i]!, i);
        call.status = response.statusCode;
        return response;
      }
      unmatched.push(request);
      call.error = 'unmatched';
      throw new CalloutError('BackendConnectionFailure', `onhandshake test: no mock matches ${request.method} ${request.url}`);
    },
  };
  return { client, calls, unmatched };
}
