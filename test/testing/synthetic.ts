/**
 * Synthetic targets for the runner's own tests: a hand-built policy tree and a graph whose runs are
 * produced by a function, so the format, expectations, diffs and reporters are tested on their own.
 */
import { HeaderBag } from '../../src/common/headers.js';
import type { CalloutRequest, Decision, HandshakeInput, HandshakeRun, TraceEntry } from '../../src/steps/runtime/contract.js';
import type { HandshakeState, LastErrorInfo } from '../../src/model/state.js';
import type { PolicyElement, PolicySections } from '../../src/policy/tree.js';
import { apiFromSpec, buildHandshakeInput } from '../../src/testing/handshake.js';
import type { PreparedTarget } from '../../src/testing/target.js';

export const POLICY_FILE = '/virtual/policy.xml';

/** An element at a line; `attrs` are literal attributes. */
export function el(name: string, path: string, line: number, attrs: Record<string, string> = {}, children: PolicyElement[] = []): PolicyElement {
  const loc = { file: POLICY_FILE, line, column: 9 };
  return {
    name,
    path: `policies/${path}`,
    loc,
    scope: 'operation',
    children,
    attributes: Object.entries(attrs).map(([n, text]) => ({ name: n, loc, value: { kind: 'literal', text, loc } })),
  };
}

export interface SyntheticOutcome {
  decision: Decision;
  /** Paths (without `policies/`) of the steps that ran, in order. */
  ran: string[];
  variables?: Record<string, unknown>;
  lastError?: LastErrorInfo;
}

export function connect(url: string, headers: Record<string, string> = {}): Decision {
  return { kind: 'connect', backendUrl: url, headers: new HeaderBag(Object.entries(headers)) };
}

export function respond(statusCode: number, statusReason: string, body: string, headers: Record<string, string> = {}): Decision {
  return { kind: 'respond', statusCode, statusReason, headers: new HeaderBag(Object.entries(headers)), body: Buffer.from(body) };
}

function allElements(sections: PolicySections): PolicyElement[] {
  const out: PolicyElement[] = [];
  const walk = (e: PolicyElement) => {
    out.push(e);
    e.children.forEach(walk);
  };
  Object.values(sections).forEach((list: PolicyElement[]) => list.forEach(walk));
  return out;
}

export function syntheticRun(sections: PolicySections, input: HandshakeInput, outcome: SyntheticOutcome): HandshakeRun {
  const elements = allElements(sections);
  const entries: TraceEntry[] = outcome.ran.map((path) => {
    const e = elements.find((x) => x.path === `policies/${path}`);
    if (!e) throw new Error(`synthetic: no element at ${path}`);
    return { source: e.name, timestamp: '2026-01-01T00:00:00.0000000Z', elapsed: '00:00:00.0000010', data: {}, path: e.path, file: e.loc.file, line: e.loc.line, column: e.loc.column };
  });
  const state = {
    requestId: input.requestId ?? 'r',
    variables: new Map(Object.entries(outcome.variables ?? {})),
    lastError: outcome.lastError ?? null,
  } as unknown as HandshakeState;
  return {
    decision: outcome.decision,
    state,
    trace: { traceId: 't', serviceName: 's', traceEntries: { inbound: entries, backend: [], outbound: [], 'on-error': [] } },
    releases: [],
  };
}

/** A target whose graph answers with `outcome(input)`; callouts are answered by exact-URL mocks. */
export function syntheticTarget(
  sections: PolicySections,
  outcome: (input: HandshakeInput, call: (req: Partial<CalloutRequest>) => Promise<number | undefined>) => Promise<SyntheticOutcome> | SyntheticOutcome,
): PreparedTarget {
  const api = apiFromSpec({ name: 'chat', serviceUrl: 'ws://backend.test/chat' });
  let mocksInUse: Array<{ url: string; status?: number }> = [];
  return {
    graph: {
      async run(input) {
        const call = async (req: Partial<CalloutRequest>) => mocksInUse.find((m) => m.url === req.url)?.status;
        return syntheticRun(sections, input, await outcome(input, call));
      },
    },
    sections,
    diagnostics: [],
    secrets: [],
    buildInput: (handshake, caseKey) => buildHandshakeInput(handshake, { api, caseKey }),
    callouts: (mocks) => {
      mocksInUse = mocks;
      return { client: { send: () => Promise.reject(new Error('synthetic: no callouts')) }, calls: [], unmatched: [] };
    },
    toJson: (v) => v,
  };
}

export const SECTIONS: PolicySections = {
  inbound: [
    el('send-request', 'inbound/send-request[1]', 18, { 'response-variable-name': 'appNegotiate' }),
    el('choose', 'inbound/choose[1]', 22, {}, [
      el('when', 'inbound/choose[1]/when[1]', 23, {}, [el('return-response', 'inbound/choose[1]/when[1]/return-response[1]', 24)]),
    ]),
    el('set-variable', 'inbound/set-variable[1]', 27, { name: 'hub' }),
    el('set-backend-service', 'inbound/set-backend-service[1]', 56),
    el('set-query-parameter', 'inbound/set-query-parameter[1]', 61, { name: 'hub' }),
  ],
  backend: [],
  outbound: [],
  'on-error': [],
};

export const HAPPY: SyntheticOutcome = {
  decision: connect('wss://svc.test/client/?hub=chat&asrs_request_id=a%2Bb', { 'X-Added': 'yes' }),
  ran: ['inbound/send-request[1]', 'inbound/choose[1]', 'inbound/set-variable[1]', 'inbound/set-backend-service[1]', 'inbound/set-query-parameter[1]'],
  variables: { hub: 'chat' },
};

export const APP_DOWN: SyntheticOutcome = {
  decision: respond(500, 'Internal Server Error', '{"statusCode":500,"message":"Internal server error"}', { 'Content-Type': 'application/json' }),
  ran: ['inbound/send-request[1]'],
  lastError: {
    source: 'send-request',
    reason: 'BackendConnectionFailure',
    message: 'Unable to connect to the remote server',
    scope: 'operation',
    section: 'inbound',
    path: 'send-request[1]',
    policyId: '',
  },
};
