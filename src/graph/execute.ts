/**
 * The executor: runs onHandshake for one handshake and returns exactly one decision.
 * inbound (then backend) → connect; return-response → respond; an error → on-error with
 * context.LastError, or APIM's 500 when nothing handles it.
 */
import { takeConnectionHoldsIfAny } from '../access/connection-holds.js';
import { HeaderBag } from '../common/headers.js';
import { requestCredentials } from '../common/mask.js';
import type { SectionName } from '../policy/tree.js';
import type { CalloutClient, Decision, HandshakeInput, HandshakeRun, RunOptions, StepGraph } from '../steps/runtime/contract.js';
import { createState } from './create-state.js';
import { formatLocation, Halt, PolicyError } from '../steps/runtime/errors.js';
import type { GraphCompileOptions } from '../steps/runtime/options.js';
import { RunContext } from '../steps/runtime/run-context.js';
import { errorOrigin, runSteps } from '../steps/runtime/run-steps.js';
import type { Step } from '../steps/runtime/step.js';
import { TraceRecorder } from '../steps/runtime/trace.js';
import { lazyCalloutClient } from './lazy-callouts.js';
import { buildBackendUrl, unresolvedUrlError } from '../steps/runtime/url.js';

export type CompiledSections = Readonly<Record<SectionName, readonly Step[]>>;

export class CompiledGraph implements StepGraph {
  constructor(
    readonly sections: CompiledSections,
    readonly options: GraphCompileOptions,
  ) {}

  async run(input: HandshakeInput, runOptions: RunOptions = {}): Promise<HandshakeRun> {
    const tracing = runOptions.trace === true;
    let rt: RunContext | undefined;
    const sink = tracing
      ? (source: string, message: string, severity: string) => {
          rt?.trace?.add(rt.section, source, { message, severity });
        }
      : null;
    const state = createState(input, tracing, sink);
    // The client's own credentials are masked by value too, wherever the policy copies them.
    const secrets = [...(this.options.secrets ?? []), ...(runOptions.secrets ?? []), ...(tracing ? requestCredentials(input.headers, input.url) : [])];
    const recorder = tracing
      ? new TraceRecorder(state.requestId, this.options.serviceName ?? input.deployment.serviceName ?? 'onhandshake', state.startedAt, secrets, this.options.traceBodyBytes)
      : null;
    const options = runOptions.store ? { ...this.options, store: runOptions.store } : this.options;
    const callouts = runOptions.callouts ?? this.options.callouts ?? lazyDefaultCallouts;
    const telemetry = runOptions.telemetry;
    rt = telemetry
      ? new RunContext(state, options, telemetry.callouts(callouts), 'inbound', recorder, { backendPath: '', secrets, telemetry }, runOptions.abort)
      : new RunContext(state, options, callouts, 'inbound', recorder, { backendPath: '', secrets }, runOptions.abort);
    rt.hook = runOptions.hook;
    if (recorder) this.traceRequest(rt, input);

    let decision: Decision;
    try {
      await runSteps(this.sections.inbound, rt);
      rt.section = 'backend';
      await runSteps(this.sections.backend, rt);
      decision = this.connect(rt);
    } catch (err) {
      decision = err instanceof Halt ? respond(err.response) : await this.onError(err, rt);
    }
    // `secrets` is shared with the run, so tokens obtained while running are masked too.
    const trace = recorder ? recorder.finish(describeDecision(decision, recorder)) : null;
    // Traffic policies (limit-concurrency, quotas) hold resources for the connection's lifetime.
    const holds = takeConnectionHoldsIfAny(state);
    if (!holds) return { decision, state, trace, releases: [] };
    // holds.release, not an arrow made here: an arrow would keep this run's scope (rt, its state and
    // variables) alive for as long as the connection lives.
    return { decision, state, trace, releases: [holds.release], connection: holds };
  }

  private traceRequest(rt: RunContext, input: HandshakeInput): void {
    const t = rt.trace!;
    t.add('inbound', 'api-inspector', { request: { method: input.method, url: input.url, headers: t.headers(input.headers) } });
    t.add('inbound', 'api-inspector', {
      configuration: {
        api: { from: '/' + input.api.path.replace(/^\//, ''), to: rt.state.backendBaseUrl, revision: input.api.revision, version: input.api.version },
        operation: { method: 'GET', uriTemplate: '/' },
        product: input.product ? { id: input.product.id } : null,
        user: input.user ? { id: input.user.id } : null,
      },
    });
  }

  private connect(rt: RunContext): Decision {
    const { state } = rt;
    const backendUrl = buildBackendUrl(state.backendBaseUrl, rt.shared.backendPath, state.request.url.query);
    // The API's own URL (--backend, the configuration) may hold one too; set-backend-service checks its own.
    const unresolved = unresolvedUrlError('forward-request', 'The backend URL', backendUrl);
    if (unresolved) throw unresolved;
    const certificate = rt.shared.backendCertificate;
    const decision: Decision = { kind: 'connect', backendUrl, headers: state.request.headers.clone(), ...(certificate ? { clientCertificate: certificate } : {}) };
    rt.trace?.add('backend', 'forward-request', {
      message: 'Request is being forwarded to the backend service.',
      request: {
        method: state.request.method,
        url: backendUrl,
        headers: rt.trace.headers(decision.headers),
        ...(certificate ? { clientCertificate: certificate.thumbprint ?? 'configured' } : {}),
      },
    });
    return decision;
  }

  private async onError(err: unknown, rt: RunContext): Promise<Decision> {
    const { state } = rt;
    const error = err instanceof PolicyError ? err : new PolicyError('configuration', '', err instanceof Error ? err.message : String(err));
    const origin = errorOrigin(error);
    const el = origin?.step.element;
    const at = error.location ?? el?.loc;
    state.lastError = {
      source: error.source,
      reason: error.reason,
      message: error.message,
      scope: el ? el.scope : '',
      section: origin?.section ?? rt.section,
      path: el ? relativePath(el.path) : '',
      policyId: origin?.step.policyId ?? '',
      ...(at ? { location: formatLocation(at) } : {}),
    };
    const status = error.response?.statusCode ?? 500;
    const reason = error.response?.statusReason ?? 'Internal Server Error';
    state.response = { statusCode: status, statusReason: reason, headers: error.response?.headers?.clone() ?? new HeaderBag() };
    const body = error.response?.body ?? defaultErrorBody(status, state.requestId);
    rt.trace?.add(origin?.section ?? rt.section, 'error', { lastError: { ...state.lastError } });

    const handlers = this.sections['on-error'];
    if (handlers.length > 0) {
      rt.section = 'on-error';
      try {
        await runSteps(handlers, rt);
      } catch (inner) {
        if (inner instanceof Halt) return respond(inner.response);
        // An error inside on-error is not handled again: the caller gets APIM's generic 500.
        rt.trace?.add('on-error', 'error', { message: inner instanceof Error ? inner.message : String(inner), handled: false });
        return internalServerError(state.requestId);
      }
    }
    const headers = state.response.headers.clone();
    if (!headers.has('content-type') && error.response?.body === undefined) headers.set('Content-Type', 'application/json');
    return { kind: 'respond', statusCode: state.response.statusCode, statusReason: state.response.statusReason, headers, body };
  }
}

const lazyDefaultCallouts = lazyCalloutClient();

/** `policies/inbound/choose[1]/when[2]` → `choose[1]/when[2]` (LastError.Path as APIM shows it). */
export function relativePath(path: string): string {
  return path.replace(/^policies\/(inbound|backend|outbound|on-error)\/?/, '').replace(/^fragment\//, '');
}

/** APIM's body for an unhandled error (reference §5.4). */
export function defaultErrorBody(statusCode: number, activityId: string): Buffer {
  const message = statusCode === 500 ? 'Internal server error' : 'Error';
  return Buffer.from(JSON.stringify({ statusCode, message, activityId }));
}

export function internalServerError(activityId: string): Decision {
  return {
    kind: 'respond',
    statusCode: 500,
    statusReason: 'Internal Server Error',
    headers: new HeaderBag([['Content-Type', 'application/json']]),
    body: defaultErrorBody(500, activityId),
  };
}

function respond(r: Halt['response']): Decision {
  return { kind: 'respond', statusCode: r.statusCode, statusReason: r.statusReason, headers: r.headers, body: r.body };
}

/** The decision as the trace shows it (bodies as text, headers as pairs). */
export function describeDecision(d: Decision, t: TraceRecorder): unknown {
  if (d.kind === 'connect') {
    return { kind: 'connect', backendUrl: d.backendUrl, headers: t.headers(d.headers), ...(d.clientCertificate ? { clientCertificate: d.clientCertificate.thumbprint ?? 'configured' } : {}) };
  }
  return { kind: 'respond', statusCode: d.statusCode, statusReason: d.statusReason, headers: t.headers(d.headers), body: t.body(d.body) ?? '' };
}
