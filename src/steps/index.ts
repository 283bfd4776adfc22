/**
 * THE table of policy handlers. The compiler validates every document against it, `check` reports
 * from it, and `onhandshake policies` / docs/policies.md print the support matrix from it.
 */
import { authenticationBasic } from './authentication-basic.js';
import { authenticationCertificate } from './authentication-certificate.js';
import { authenticationManagedIdentity } from './authentication-managed-identity.js';
import { base } from './base.js';
import { choose } from './choose.js';
import { forwardRequest } from './forward-request.js';
import { getAuthorizationContext } from './get-authorization-context.js';
import type { PolicyHandler } from './handler.js';
import { includeFragment } from './include-fragment.js';
import { NOT_ON_HANDSHAKE, NOT_YET_SUPPORTED } from './not-yet-supported.js';
import { retry } from './retry.js';
import { returnResponse } from './return-response.js';
import { sendOneWayRequest } from './send-one-way-request.js';
import { sendRequest } from './send-request.js';
import { setBackendService } from './set-backend-service.js';
import { setHeader } from './set-header.js';
import { setQueryParameter } from './set-query-parameter.js';
import { setStatus } from './set-status.js';
import { setVariable } from './set-variable.js';
import { trace } from './trace.js';
import { wait } from './wait.js';
import { rewriteUri } from './rewrite-uri.js';
import { ACCESS_HANDLERS } from './access-handlers.js';

const SUPPORTED: readonly PolicyHandler[] = [
  sendRequest,
  sendOneWayRequest,
  setVariable,
  setBackendService,
  setQueryParameter,
  setHeader,
  rewriteUri,
  choose,
  returnResponse,
  setStatus,
  trace,
  retry,
  wait,
  includeFragment,
  authenticationCertificate,
  authenticationManagedIdentity,
  authenticationBasic,
  getAuthorizationContext,
  forwardRequest,
  base,
];

export const POLICY_HANDLERS: ReadonlyMap<string, PolicyHandler> = new Map(
  // Access and traffic policies replace their placeholders (their names stay where they were).
  [...SUPPORTED, ...NOT_YET_SUPPORTED, ...NOT_ON_HANDSHAKE, ...ACCESS_HANDLERS].map((h) => [h.name, h]),
);

export function policyNames(): string[] {
  return [...POLICY_HANDLERS.keys()];
}

export type { PolicyHandler, AttributeSpec, ElementSpec, SupportStatus } from './handler.js';
