/**
 * W3C trace context in and out: `traceparent`/`tracestate` read from the client's handshake and written
 * on callouts and the backend connection (OpenTelemetry's own propagator, no global registration).
 */
import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { HeaderBag } from '../common/headers.js';

export interface TraceContext {
  extract(traceparent: string | undefined, tracestate: string | undefined): Context;
  inject(context: Context, headers: HeaderBag): void;
}

export function w3cTraceContext(): TraceContext {
  const propagator = new W3CTraceContextPropagator();
  return {
    extract(traceparent, tracestate) {
      if (traceparent === undefined) return ROOT_CONTEXT;
      const carrier: Record<string, string> = { traceparent, ...(tracestate !== undefined ? { tracestate } : {}) };
      return propagator.extract(ROOT_CONTEXT, carrier, { get: (c, key) => c[key], keys: (c) => Object.keys(c) });
    },
    inject(context, headers) {
      propagator.inject(context, headers, { set: (bag, key, value) => bag.set(key, value) });
    },
  };
}
