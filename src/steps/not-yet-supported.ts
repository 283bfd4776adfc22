/**
 * Real APIM policies this version does not run. Each is an error wherever it appears, naming the
 * policy and its location, so nothing is ever silently skipped.
 */
import type { PolicyHandler } from './handler.js';

function planned(name: string, summary: string): PolicyHandler {
  return { name, status: 'unsupported', summary, attributes: [] };
}

const LATER = 'planned: access control and traffic policies';

export const NOT_YET_SUPPORTED: readonly PolicyHandler[] = [
  planned('validate-jwt', LATER),
  planned('validate-azure-ad-token', LATER),
  planned('validate-client-certificate', LATER),
  planned('check-header', LATER),
  planned('ip-filter', LATER),
  planned('rate-limit', LATER),
  planned('rate-limit-by-key', LATER),
  planned('quota', LATER),
  planned('quota-by-key', LATER),
  planned('limit-concurrency', LATER),
  planned('cache-lookup-value', LATER),
  planned('cache-store-value', LATER),
  planned('cache-remove-value', LATER),
  planned('log-to-eventhub', 'no local Event Hub sink yet'),
  planned('emit-metric', 'no local metrics sink yet'),
  planned('azure-openai-token-limit', 'AI gateway policies are out of scope'),
  planned('llm-token-limit', 'AI gateway policies are out of scope'),
  planned('publish-to-dapr', 'Dapr is self-hosted gateway only'),
  planned('invoke-dapr-binding', 'Dapr is self-hosted gateway only'),
  planned('find-and-replace', 'body rewriting does not apply to a handshake'),
];

/** The 15 policies APIM refuses on onHandshake (reference §1.3). */
export const NOT_ON_HANDSHAKE: readonly PolicyHandler[] = [
  'mock-response', 'cache-lookup', 'cache-store', 'cross-domain', 'cors', 'jsonp', 'set-method', 'set-body',
  'xml-to-json', 'json-to-xml', 'xsl-transform', 'validate-content', 'validate-parameters', 'validate-headers',
  'validate-status-code',
].map((name) => ({
  name,
  status: 'not-in-onhandshake' as const,
  summary: 'refused by APIM on onHandshake: an error at operation scope, skipped with a warning when inherited',
  attributes: [],
}));
