/**
 * forward-request: in the backend section it marks where the backend WebSocket is connected. The
 * connection itself is the gateway's; the executor traces it as APIM does (`forward-request`).
 */
import { policyIdOf, type PolicyHandler } from './handler.js';

export const forwardRequest: PolicyHandler = {
  name: 'forward-request',
  status: 'supported',
  summary: 'Backend section: marks where the backend WebSocket connection is made (attributes accepted, connection by the gateway)',
  sections: ['backend'],
  attributes: [
    { name: 'timeout', type: 'integer', expression: false },
    { name: 'timeout-ms', type: 'integer', expression: false },
    { name: 'continue-timeout', type: 'integer', expression: false },
    { name: 'http-version', expression: false },
    { name: 'follow-redirects', type: 'boolean', expression: false },
    { name: 'buffer-request-body', type: 'boolean', expression: false },
    { name: 'buffer-response', type: 'boolean', expression: false },
    { name: 'fail-on-error-status-code', type: 'boolean', expression: false },
  ],
  compile(el) {
    return { name: el.name, element: el, policyId: policyIdOf(el), silent: true, run() {} };
  },
};
