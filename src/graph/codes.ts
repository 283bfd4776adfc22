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
  /** Same codes as the reader's onHandshake rules (src/policy/codes.ts). */
  notOnHandshake: 'OH501',
  notOnHandshakeInherited: 'OH502',
} as const;
