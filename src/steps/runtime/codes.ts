/** Diagnostic codes of the compiler (OH4xx policies and attributes, OH5xx onHandshake rules). Stable once published. */
export const CODES = {
  unknownPolicy: 'OH401',
  unknownAttribute: 'OH402',
  missingAttribute: 'OH403',
  badAttributeValue: 'OH404',
  expressionNotAllowed: 'OH405',
  unexpectedContent: 'OH406',
  missingChild: 'OH407',
  notYetSupported: 'OH408',
  wrongSection: 'OH409',
  badConfiguration: 'OH410',
  notRun: 'OH411',
  /** Same codes as the reader's onHandshake rules (src/policy/codes.ts). */
  notOnHandshake: 'OH501',
  notOnHandshakeInherited: 'OH502',
} as const;

/** One line per compiler code, for docs/policies.md. */
export const CODE_MEANINGS: Readonly<Record<string, string>> = {
  OH401: 'Unknown policy element (the nearest known name is suggested)',
  OH402: 'Unknown attribute on a policy or child element',
  OH403: 'A required attribute is missing (or not exactly one of a set, e.g. base-url / backend-id)',
  OH404: 'An attribute value outside its allowed values, or not an integer / boolean',
  OH405: 'A policy expression where the reference allows only a literal',
  OH406: 'A child element or text the policy does not take, or a single child repeated',
  OH407: 'A required child element or value is missing',
  OH408: 'A real APIM policy (or attribute) this version does not run',
  OH409: 'A policy in a section where APIM does not allow it',
  OH410: 'Configuration the policy needs is missing (backend-id, fragment not inlined)',
  OH411: 'Policies in <outbound> do not run for a WebSocket handshake (warning)',
  OH501: 'A policy onHandshake refuses, written at operation scope (also reported by the reader)',
  OH502: 'A policy onHandshake refuses, inherited: skipped, as APIM does (warning)',
};
