/**
 * The shape of a `*.test.yaml` file once loaded (see schemas/policy-test.schema.json and
 * docs/policy-tests.md). Expectation values stay as written: matchers.ts interprets them.
 */

export type ScalarValue = string | number | boolean;

export interface ApiSpec {
  name?: string;
  path?: string;
  serviceUrl?: string;
  subscriptionRequired?: boolean;
}

/** A query parameter or header: one value, several, or `null` to leave out (a default, or a built-in header). */
export type ParameterValue = ScalarValue | ScalarValue[] | null;

export interface HandshakeSpec {
  url?: string;
  query?: Record<string, ParameterValue>;
  headers?: Record<string, ParameterValue>;
  clientIp?: string;
  /** `null` unsets a default's key. */
  subscriptionKey?: string | null;
  requestId?: string;
}

/** One mocked callout answer, as written in the test file (the graph's mock-file entry shape). */
export interface MockSpec {
  name?: string;
  method?: string;
  url: string;
  status?: number;
  headers?: Record<string, ScalarValue | ScalarValue[]>;
  body?: unknown;
  /** Milliseconds before answering. */
  delay?: number;
  fail?: 'connect' | 'timeout';
}

export interface ExpectSpec {
  connect?: Record<string, unknown>;
  respond?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  lastError?: Record<string, unknown> | null;
  steps?: string[] | { ran?: string[]; notRan?: string[] };
  callouts?: unknown[];
  jsonata?: Record<string, unknown>;
}

export interface CaseSpec {
  name: string;
  description?: string;
  handshake?: HandshakeSpec;
  mocks?: MockSpec[];
  /** Fixes the clock for this case (ISO 8601 with a zone, e.g. 2026-01-01T00:00:00Z). */
  now?: string;
  expect?: ExpectSpec;
}

export interface NamedValueSpec {
  value: string;
  secret: boolean;
}

export interface TestFileSpec {
  policy?: string;
  config?: string;
  /** An APIOps folder and its override file, instead of `config`. */
  apiops?: string;
  apiopsConfig?: string;
  api?: string | ApiSpec;
  namedValues?: Record<string, ScalarValue | { value: ScalarValue; secret?: boolean }>;
  namedValuesFile?: string;
  fragments?: string;
  defaults?: { handshake?: HandshakeSpec; mocks?: MockSpec[]; now?: string };
  cases: CaseSpec[];
}

/** A place in a test file, for messages (`file:line:col`). */
export interface YamlLocation {
  file: string;
  line: number;
  column: number;
}
