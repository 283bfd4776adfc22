/** A fresh HandshakeState for one handshake, built from what the gateway (or `trace`) saw. */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { HandshakeInput } from '../steps/runtime/contract.js';
import { ON_HANDSHAKE_OPERATION } from '../model/defaults.js';
import type { HandshakeState } from '../model/state.js';
import { cloneUrlState, parseUrlState } from '../steps/runtime/url.js';
import { clockNow } from '../common/clock.js';

export type TraceSink = (source: string, message: string, severity: 'verbose' | 'information' | 'error') => void;

export function createState(input: HandshakeInput, tracing: boolean, sink: TraceSink | null): HandshakeState {
  const originalUrl = parseUrlState(input.url);
  return {
    requestId: input.requestId ?? randomUUID(),
    timestamp: new Date(clockNow()),
    startedAt: performance.now(),
    request: {
      method: input.method,
      originalUrl,
      url: cloneUrlState(originalUrl),
      headers: input.headers.clone(),
      ipAddress: input.ipAddress,
      matchedParameters: new Map(),
    },
    backendBaseUrl: input.api.serviceUrl,
    variables: new Map(),
    api: input.api,
    operation: ON_HANDSHAKE_OPERATION,
    product: input.product,
    subscription: input.subscription,
    user: input.user,
    deployment: input.deployment,
    lastError: null,
    response: null,
    tracing,
    trace: sink ? (source, message, severity = 'verbose') => sink(source, message, severity) : () => {},
  };
}
