/**
 * Checks a case's `expect` block against what the run did. Each failure says which key of the test
 * file failed (for its line and for `--update`), the expected and actual values (for the diff) and
 * what the policy step to blame would have touched (blame.ts turns that into a policy line).
 */
import { match, isMatcherObject, compileJsonata, show } from './matchers.js';
import { headerValue, type Observed, type ObservedStep, type ValueOrList } from './observe.js';
import type { ExpectSpec } from './format.js';

/** What a failed expectation is about, so blame.ts can find the step that decided it. */
export type BlameHint =
  | { kind: 'query'; name: string }
  | { kind: 'header'; name: string }
  | { kind: 'backend' }
  | { kind: 'variable'; name: string }
  | { kind: 'decision' }
  | { kind: 'lastError' }
  | { kind: 'steps'; ref?: string }
  | { kind: 'callout'; index: number };

export interface ExpectationFailure {
  /** Keys under the case's `expect`: `['connect', 'query', 'hub']`. */
  key: Array<string | number>;
  expected: unknown;
  actual: unknown;
  message: string;
  hint: BlameHint;
  /** What `--update` writes at `key`; absent when the expectation cannot be rewritten from a run. */
  update?: { value: unknown; remove?: Array<string | number> };
}

type Checker = (spec: unknown, observed: Observed, out: ExpectationFailure[]) => Promise<void>;

async function expectValue(
  out: ExpectationFailure[],
  key: Array<string | number>,
  expected: unknown,
  actual: unknown,
  hint: BlameHint,
  observed: Observed,
  updatable = true,
): Promise<void> {
  // The trace copy is made only if a jsonata matcher reads $trace.
  const r = await match(expected, actual, {
    get trace() {
      return observed.trace;
    },
  });
  if (r.pass) return;
  out.push({
    key,
    expected,
    actual,
    message: r.message ?? `expected ${show(expected)}, got ${show(actual)}`,
    hint,
    ...(updatable ? { update: { value: actual === undefined ? null : actual } } : {}),
  });
}

/** A list expectation against one value compares as a one-item list. */
function listAware(expected: unknown, actual: ValueOrList | undefined): unknown {
  return Array.isArray(expected) && typeof actual === 'string' ? [actual] : actual;
}

const checkConnect: Checker = async (specIn, observed, out) => {
  const spec = specIn as Record<string, unknown>;
  const d = observed.decision;
  if (d.kind !== 'connect') {
    out.push({
      key: ['connect'],
      expected: { connect: spec },
      actual: { respond: { status: d.status, reason: d.reason, body: d.bodyJson ?? d.body } },
      message: `expected the handshake to connect to the backend, but the client got ${d.status} ${d.reason}`,
      hint: { kind: 'decision' },
    });
    return;
  }
  if ('url' in spec) await expectValue(out, ['connect', 'url'], spec.url, d.url, { kind: 'backend' }, observed);
  if ('backendUrl' in spec) await expectValue(out, ['connect', 'backendUrl'], spec.backendUrl, d.backendUrl, { kind: 'backend' }, observed);
  for (const [name, want] of Object.entries((spec.query ?? {}) as Record<string, unknown>)) {
    await expectValue(out, ['connect', 'query', name], want, listAware(want, d.query[name]), { kind: 'query', name }, observed);
  }
  for (const [name, want] of Object.entries((spec.headers ?? {}) as Record<string, unknown>)) {
    const actual = headerValue(d.headers, name);
    await expectValue(out, ['connect', 'headers', name], want, listAware(want, actual), { kind: 'header', name }, observed);
  }
};

const checkRespond: Checker = async (specIn, observed, out) => {
  const spec = specIn as Record<string, unknown>;
  const d = observed.decision;
  if (d.kind !== 'respond') {
    out.push({
      key: ['respond'],
      expected: { respond: spec },
      actual: { connect: { url: d.url } },
      message: `expected the client to get an HTTP response, but the handshake connected to ${d.url}`,
      hint: { kind: 'decision' },
    });
    return;
  }
  const hint: BlameHint = { kind: 'decision' };
  if ('status' in spec) await expectValue(out, ['respond', 'status'], spec.status, d.status, hint, observed);
  if ('reason' in spec) await expectValue(out, ['respond', 'reason'], spec.reason, d.reason, hint, observed);
  for (const [name, want] of Object.entries((spec.headers ?? {}) as Record<string, unknown>)) {
    await expectValue(out, ['respond', 'headers', name], want, listAware(want, headerValue(d.headers, name)), hint, observed);
  }
  if ('body' in spec) {
    const want = spec.body;
    const structured = want !== null && typeof want === 'object' && !isMatcherObject(want);
    await expectValue(out, ['respond', 'body'], want, structured ? d.bodyJson : d.body, hint, observed);
  }
};

const checkVariables: Checker = async (specIn, observed, out) => {
  for (const [name, want] of Object.entries(specIn as Record<string, unknown>)) {
    await expectValue(out, ['variables', name], want, observed.variables[name], { kind: 'variable', name }, observed);
  }
};

const checkLastError: Checker = async (specIn, observed, out) => {
  if (specIn === null) {
    if (observed.lastError) {
      out.push({
        key: ['lastError'],
        expected: null,
        actual: observed.lastError,
        message: `expected no error, got ${observed.lastError.source}: ${observed.lastError.reason} (${observed.lastError.message})`,
        hint: { kind: 'lastError' },
        update: { value: observed.lastError },
      });
    }
    return;
  }
  if (!observed.lastError) {
    out.push({
      key: ['lastError'],
      expected: specIn,
      actual: null,
      message: 'expected an error (context.LastError), but none happened',
      hint: { kind: 'decision' },
      update: { value: null },
    });
    return;
  }
  for (const [field, want] of Object.entries(specIn as Record<string, unknown>)) {
    await expectValue(out, ['lastError', field], want, observed.lastError[field], { kind: 'lastError' }, observed);
  }
};

/** A step reference (`send-request`, `choose[1]/when[1]`, `line:42`) against a step. */
export function stepMatches(ref: string, step: Pick<ObservedStep, 'source' | 'path' | 'line'>): boolean {
  if (ref.startsWith('line:')) return step.line === Number(ref.slice(5));
  const path = ref.replace(/^\/?policies\//, '');
  return step.source === ref || step.path === path || step.path.endsWith('/' + path);
}

const checkSteps: Checker = async (specIn, observed, out) => {
  const spec = Array.isArray(specIn) ? { ran: specIn as string[] } : (specIn as { ran?: string[]; notRan?: string[] });
  const ranList = observed.steps.map((s) => s.path);
  const listKey = Array.isArray(specIn) ? ['steps'] : ['steps', 'ran'];
  (spec.ran ?? []).forEach((ref, i) => {
    if (!observed.steps.some((s) => stepMatches(ref, s))) {
      out.push({ key: [...listKey, i], expected: ref, actual: ranList, message: `expected step '${ref}' to run; it did not`, hint: { kind: 'steps', ref } });
    }
  });
  (spec.notRan ?? []).forEach((ref, i) => {
    const ran = observed.steps.find((s) => stepMatches(ref, s));
    if (ran) {
      out.push({ key: ['steps', 'notRan', i], expected: `not ${ref}`, actual: ranList, message: `expected step '${ref}' not to run; ${ran.path} ran`, hint: { kind: 'steps', ref } });
    }
  });
};

const checkCallouts: Checker = async (specIn, observed, out) => {
  const spec = specIn as unknown[];
  if (spec.length !== observed.callouts.length) {
    out.push({
      key: ['callouts'],
      expected: spec,
      actual: observed.callouts,
      message: `expected ${spec.length} callout(s), got ${observed.callouts.length}`,
      hint: { kind: 'callout', index: Math.min(spec.length, observed.callouts.length) },
    });
    return;
  }
  for (let i = 0; i < spec.length; i++) {
    await expectValue(out, ['callouts', i], spec[i], observed.callouts[i], { kind: 'callout', index: i }, observed, false);
  }
};

const checkJsonata: Checker = async (specIn, observed, out) => {
  for (const [expr, want] of Object.entries(specIn as Record<string, unknown>)) {
    let value: unknown;
    try {
      value = await compileJsonata(expr).evaluate(observed.trace, { trace: observed.trace });
    } catch (err) {
      out.push({ key: ['jsonata', expr], expected: want, actual: undefined, message: (err as Error).message, hint: { kind: 'steps' } });
      continue;
    }
    await expectValue(out, ['jsonata', expr], want, value, { kind: 'steps' }, observed);
  }
};

/** One handler per `expect` key, in the order failures are reported. */
const checkers: Array<[keyof ExpectSpec, Checker]> = [
  ['connect', checkConnect],
  ['respond', checkRespond],
  ['lastError', checkLastError],
  ['variables', checkVariables],
  ['steps', checkSteps],
  ['callouts', checkCallouts],
  ['jsonata', checkJsonata],
];

export async function checkExpectations(expect: ExpectSpec | undefined, observed: Observed): Promise<ExpectationFailure[]> {
  const out: ExpectationFailure[] = [];
  if (!expect) return out;
  for (const [key, checker] of checkers) {
    if (key in expect) await checker(expect[key], observed, out);
  }
  return out;
}
