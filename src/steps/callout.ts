/**
 * What send-request and send-one-way-request share: their children compiled into a request builder
 * (URL, method, headers, body, credentials, proxy), `mode="copy"` starting from the handshake.
 */
import { HeaderBag } from '../common/headers.js';
import { CODES } from './runtime/codes.js';
import type { BackendClientCertificate, CalloutRequest, CalloutResponse } from './runtime/contract.js';
import { PolicyError } from './runtime/errors.js';
import { localTokenProvider } from './runtime/local-token-provider.js';
import { DEFAULT_MAX_CALLOUT_BODY_BYTES, lookup } from './runtime/options.js';
import type { RunContext } from './runtime/run-context.js';
import type { CompiledValue } from './runtime/step.js';
import { buildBackendUrl, unresolvedUrlError } from './runtime/url.js';
import { asString, evaluateAll, andThen } from './runtime/values.js';
import type { PolicyElement } from '../policy/tree.js';
import { AUTHENTICATION_BASIC, AUTHENTICATION_CERTIFICATE, AUTHENTICATION_MANAGED_IDENTITY, basicCredentials, PROXY } from './auth-children.js';
import { isAbsoluteUrl, literalOf, type ChildSpec, type CompileContext, type ElementSpec } from './handler.js';
import { bodyBytes, checkSetBody, SET_BODY_ELEMENT } from './set-body-child.js';
import { applyHeaderEdit, compileHeaderEdit, SET_HEADER_SPEC } from './set-header.js';
import { DotnetException } from '../expressions/errors.js';
import { tlsPair, type TlsPair } from '../expressions/runtime/x509/tls-pair.js';

export const SET_URL: ElementSpec = { name: 'set-url', attributes: [], text: { required: true, expression: true } };
export const SET_METHOD: ElementSpec = { name: 'set-method', attributes: [], text: { required: true, expression: false } };

export const CALLOUT_CHILDREN: readonly ChildSpec[] = [
  { element: SET_URL },
  { element: SET_METHOD },
  { element: SET_HEADER_SPEC, repeatable: true },
  { element: SET_BODY_ELEMENT },
  { element: AUTHENTICATION_BASIC },
  { element: AUTHENTICATION_CERTIFICATE },
  { element: AUTHENTICATION_MANAGED_IDENTITY },
  { element: PROXY },
];

/** Handshake headers that belong to the client↔gateway connection, never copied to a callout. */
const HANDSHAKE_ONLY = new Set(['host', 'connection', 'upgrade', 'content-length', 'transfer-encoding', 'keep-alive', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions']);

type Edit = (rt: RunContext, req: CalloutRequest) => void | Promise<void>;

export interface CalloutBuilder {
  mode: CompiledValue;
  timeout: CompiledValue;
  build(rt: RunContext): CalloutRequest | Promise<CalloutRequest>;
}

export function compileCallout(el: PolicyElement, ctx: CompileContext): CalloutBuilder {
  const mode = ctx.attr(el, 'mode')!;
  const timeout = ctx.attr(el, 'timeout')!;
  const child = (name: string) => el.children.find((c) => c.name === name);
  const url = child('set-url') ? ctx.text(child('set-url')!, 'set-url') : undefined;
  const methodEl = child('set-method');
  const method = methodEl ? textLiteral(methodEl)?.toUpperCase() : undefined;
  if (mode.literal?.toLowerCase() !== 'copy' && !mode.evaluator) {
    if (!url) ctx.report('error', CODES.missingChild, `<${el.name}> requires a <set-url> child unless mode="copy"`, el.loc, el.path);
  }
  if (url?.literal !== undefined && !isAbsoluteUrl(url.literal, ['http:', 'https:'])) {
    const setUrl = child('set-url')!;
    ctx.report('error', CODES.badAttributeValue, `<set-url> must be an absolute http:// or https:// URL, not '${url.literal.trim()}'`, setUrl.text?.loc ?? setUrl.loc, setUrl.path);
  }
  const setUrlAt = child('set-url')?.text?.loc ?? child('set-url')?.loc;
  const edits: Edit[] = [];
  for (const c of el.children) {
    if (c.name === 'set-header') {
      const edit = compileHeaderEdit(c, ctx);
      edits.push((rt, req) => applyHeaderEdit(rt, edit, req.headers));
    } else if (c.name === 'set-body') {
      const body = ctx.text(c, 'set-body');
      checkSetBody(c, ctx);
      if (body) edits.push((rt, req) => andThen(rt.evaluate(body), (v) => void (req.body = bodyBytes(v))));
    } else if (c.name === 'authentication-basic') {
      const [user, pass] = [ctx.attr(c, 'username')!, ctx.attr(c, 'password')!];
      edits.push((rt, req) =>
        andThen(evaluateAll(rt, [user, pass]), ([u, p]) => {
          rt.addSecret(asString(p));
          req.headers.set('Authorization', basicCredentials(asString(u), asString(p)));
        }),
      );
    } else if (c.name === 'authentication-managed-identity') {
      edits.push(compileManagedIdentity(c, ctx, (_rt, req, token) => void req!.headers.set('Authorization', `Bearer ${token}`)));
    } else if (c.name === 'authentication-certificate') {
      edits.push(compileCertificate(c, ctx));
    } else if (c.name === 'proxy') {
      const [pu, pn, pp] = [ctx.attr(c, 'url')!, ctx.attr(c, 'username'), ctx.attr(c, 'password')];
      edits.push((rt, req) =>
        andThen(evaluateAll(rt, [pu, pn, pp]), ([u, n, p]) => {
          req.proxy = { url: asString(u), ...(pn ? { username: asString(n) } : {}), ...(pp ? { password: asString(p) } : {}) };
          if (pp) rt.addSecret(asString(p));
        }),
      );
    }
  }
  const maxBodyBytes = ctx.options.maxCalloutBodyBytes ?? DEFAULT_MAX_CALLOUT_BODY_BYTES;
  return {
    mode,
    timeout,
    build(rt) {
      return andThen(evaluateAll(rt, [mode, timeout, url]), ([m, t, u]) => {
        const copy = asString(m).trim().toLowerCase() === 'copy';
        if (!copy && asString(m).trim().toLowerCase() !== 'new') {
          throw new PolicyError(el.name, 'ExpressionValueEvaluationFailure', `'mode' must be new or copy, not '${asString(m)}'.`);
        }
        const seconds = Number(asString(t).trim());
        if (!Number.isFinite(seconds) || seconds < 0) {
          throw new PolicyError(el.name, 'ExpressionValueEvaluationFailure', `'timeout' must be a number of seconds, not '${asString(t)}'.`);
        }
        const state = rt.state;
        let target = u !== undefined ? asString(u) : '';
        if (!url) {
          if (!copy) throw new PolicyError(el.name, 'ExpressionValueEvaluationFailure', 'send-request needs <set-url> unless mode="copy".');
          target = buildBackendUrl(state.backendBaseUrl, rt.shared.backendPath, state.request.url.query).replace(/^ws(s?):/i, 'http$1:');
        }
        const unresolved = unresolvedUrlError(el.name, 'The URL', target, url ? setUrlAt : undefined);
        if (unresolved) throw unresolved;
        const headers = new HeaderBag();
        if (copy) for (const [name, values] of state.request.headers) if (!HANDSHAKE_ONLY.has(name.toLowerCase())) headers.set(name, values);
        const req: CalloutRequest = {
          method: method ?? (copy ? state.request.method : 'GET'),
          url: target,
          headers,
          body: null,
          timeoutMs: seconds * 1000,
          maxBodyBytes,
          ...(rt.signal ? { signal: rt.signal } : {}),
        };
        return applyEdits(rt, edits, req, 0);
      });
    },
  };
}

function textLiteral(el: PolicyElement): string | undefined {
  return el.text?.kind === 'literal' ? el.text.text.trim() : undefined;
}

function applyEdits(rt: RunContext, edits: readonly Edit[], req: CalloutRequest, from: number): CalloutRequest | Promise<CalloutRequest> {
  for (let i = from; i < edits.length; i++) {
    const r = edits[i]!(rt, req);
    if (r instanceof Promise) return r.then(() => applyEdits(rt, edits, req, i + 1));
  }
  return req;
}

/** authentication-managed-identity: a token from the configured provider (a local stand-in by default). */
export function compileManagedIdentity(
  el: PolicyElement,
  ctx: CompileContext,
  useToken: (rt: RunContext, req: CalloutRequest | null, token: string) => void,
): (rt: RunContext, req: CalloutRequest | null) => void | Promise<void> {
  const resource = ctx.attr(el, 'resource')!;
  const clientId = literalOf(el, 'client-id');
  const variable = literalOf(el, 'output-token-variable-name');
  const ignoreError = (literalOf(el, 'ignore-error') ?? 'false').trim().toLowerCase() === 'true';
  return (rt, req) =>
    andThen(rt.evaluate(resource), async (r) => {
      const provider = rt.options.tokenProvider ?? localTokenProvider;
      let token: string;
      try {
        token = await provider.getToken(asString(r), clientId);
      } catch (err) {
        if (ignoreError) return;
        throw new PolicyError(el.name, 'ManagedIdentityTokenFailure', `Unable to obtain a managed identity token for '${asString(r)}': ${(err as Error).message ?? String(err)}`);
      }
      rt.addSecret(token);
      if (variable) rt.state.variables.set(variable, token);
      else useToken(rt, req, token);
    });
}

/** authentication-certificate's choice (thumbprint, certificate-id, or body + password) as a certificate. */
export function compileClientCertificate(el: PolicyElement, ctx: CompileContext): (rt: RunContext) => BackendClientCertificate | Promise<BackendClientCertificate> {
  const [thumb, id, body, password] = ['thumbprint', 'certificate-id', 'body', 'password'].map((n) => ctx.attr(el, n));
  return (rt) =>
    andThen(evaluateAll(rt, [thumb, id, body, password]), ([t, i, b, p]) => {
      if (body) {
        // Read by this engine's PKCS#12 reader: Node's OpenSSL 3 cannot open Key Vault's RC2-encrypted PFX.
        const bytes = b instanceof Uint8Array ? b : new Uint8Array(Buffer.from(asString(b), 'base64'));
        let pair: TlsPair;
        try {
          pair = tlsPair(bytes, password ? asString(p) : null);
        } catch (err) {
          const reason = err instanceof DotnetException ? `${err.dotnetType}: ${err.message}` : (err as Error).message;
          throw new PolicyError(el.name, 'InvalidCertificate', `The certificate in 'body' cannot be read (${reason})`);
        }
        if (password) rt.addSecret(asString(p));
        return { cert: pair.certPem, ...(pair.keyPem ? { key: pair.keyPem } : {}), thumbprint: pair.thumbprint };
      }
      const key = asString(thumb ? t : i);
      const cert = lookup(rt.options.certificates, key) ?? (thumb ? lookup(rt.options.certificates, key.toUpperCase()) : undefined);
      if (!cert) throw new PolicyError(el.name, 'CertificateNotFound', `Certificate '${key}' is not configured.`);
      return cert;
    });
}

function compileCertificate(el: PolicyElement, ctx: CompileContext): Edit {
  const choose = compileClientCertificate(el, ctx);
  return (rt, req) =>
    andThen(choose(rt), (cert) => {
      req.clientCertificate = cert;
    });
}

/** The request as the trace shows it. */
export function traceRequest(rt: RunContext, req: CalloutRequest): unknown {
  const t = rt.trace!;
  return {
    method: req.method,
    url: req.url,
    headers: t.headers(req.headers),
    ...(req.body ? { body: t.body(req.body) } : {}),
    ...(req.proxy ? { proxy: req.proxy.url } : {}),
    ...(req.clientCertificate ? { clientCertificate: req.clientCertificate.thumbprint ?? 'configured' } : {}),
  };
}

export function traceResponse(rt: RunContext, res: CalloutResponse): unknown {
  const t = rt.trace!;
  return { status: { code: res.statusCode, reason: res.statusReason }, headers: t.headers(res.headers), body: t.body(res.body) ?? '' };
}
