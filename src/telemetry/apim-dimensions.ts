/**
 * The dimensions of APIM's self-hosted gateway metrics (Requests, DurationInMs …) for one handshake,
 * named as its OpenTelemetry metrics name them so that its dashboards work unchanged.
 */
import type { Attributes } from '@opentelemetry/api';
import type { HandshakeOutcome } from './contract.js';

export interface GatewayIdentity {
  gatewayId: string;
  location: string;
}

export function requestDimensions(identity: GatewayIdentity, hostname: string, outcome: HandshakeOutcome): Attributes {
  const attributes: Attributes = {
    GatewayId: identity.gatewayId,
    Location: identity.location,
    Hostname: hostname,
    // A WebSocket handshake is never served from APIM's response cache.
    Cache: 'None',
    ResponseCode: outcome.statusCode,
    ResponseCodeCategory: codeCategory(outcome.statusCode),
    Status: requestStatus(outcome),
    LastErrorReason: outcome.lastErrorReason ?? '',
  };
  if (outcome.backendStatusCode !== undefined) {
    attributes.BackendResponseCode = outcome.backendStatusCode;
    attributes.BackendResponseCodeCategory = codeCategory(outcome.backendStatusCode);
  }
  if (outcome.api !== undefined) attributes.ApiId = outcome.api;
  return attributes;
}

/** `1xx` … `5xx`; `Other` for 0 (the client left before an answer). */
export function codeCategory(statusCode: number): string {
  return statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'Other';
}

/**
 * Azure Monitor's request categories (successful, unauthorized, failed, other gateway requests): a 101
 * or any 1xx–3xx is Successful; 401, 403 and 429 (access policies refusing) Unauthorized; the gateway's
 * or backend's failures (5xx, 400, no answer) Failed; other 4xx Other.
 */
export function requestStatus(outcome: HandshakeOutcome): 'Successful' | 'Unauthorized' | 'Failed' | 'Other' {
  const code = outcome.statusCode;
  if (code >= 100 && code < 400) return 'Successful';
  if (code === 401 || code === 403 || code === 429) return 'Unauthorized';
  if (code >= 500 || code === 400 || code === 0) return 'Failed';
  return 'Other';
}

/** The reason a gateway log line is or starts with (`SubscriptionKeyNotFound`, `OperationNotFound: …`), if it names one. */
export function reasonOf(error: string): string | undefined {
  return /^([A-Z][A-Za-z]+)(?::|$)/.exec(error)?.[1];
}
