/**
 * The default CalloutClient: undici with pooled keep-alive connections, one pool per proxy or client
 * certificate. Redirects are not followed (APIM's send-request does not follow them); the response
 * body is capped; the timeout covers the whole exchange.
 */
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { HeaderBag } from '../common/headers.js';
import { CalloutError } from '../steps/runtime/callout-error.js';
import type { CalloutClient, CalloutRequest, CalloutResponse } from '../steps/runtime/contract.js';
import type { ClientCertificate } from '../steps/runtime/options.js';

/** Headers undici manages itself (it rejects most of them). */
const MANAGED_HEADERS = new Set(['connection', 'upgrade', 'keep-alive', 'transfer-encoding', 'expect', 'content-length']);

/** Trust settings for HTTPS callouts (default: Node's CA store, certificates verified). */
export interface CalloutTls {
  /** Extra trusted CA certificates (PEM), e.g. a local test CA. */
  ca?: string | Buffer | Array<string | Buffer>;
}

export class UndiciCalloutClient implements CalloutClient {
  private readonly agent: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();
  /** One pool per distinct client certificate (keyed by a hash of its material). */
  private readonly tlsAgents = new Map<string, Agent>();

  constructor(private readonly tls: CalloutTls = {}) {
    this.agent = new Agent({ keepAliveTimeout: 10_000, connections: 128, ...(tls.ca ? { connect: { ca: tls.ca } } : {}) });
  }

  async send(req: CalloutRequest): Promise<CalloutResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, req.timeoutMs);
    const cancel = () => controller.abort();
    req.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: toUndiciHeaders(req.headers),
        body: req.body && req.body.length > 0 ? req.body : null,
        dispatcher: this.dispatcherFor(req),
        signal: controller.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > req.maxBodyBytes) {
          res.body.destroy();
          throw new CalloutError('BackendConnectionFailure', `The response body of ${req.url} exceeds the limit of ${req.maxBodyBytes} bytes.`);
        }
        chunks.push(buf);
      }
      const headers = new HeaderBag();
      for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.append(name, value);
      return { statusCode: res.statusCode, statusReason: STATUS_CODES[res.statusCode] ?? '', headers, body: Buffer.concat(chunks) };
    } catch (err) {
      if (err instanceof CalloutError) throw err;
      if (timedOut) throw new CalloutError('Timeout', `Request to the backend service timed out (${req.timeoutMs} ms): ${req.method} ${req.url}`);
      const detail = describe(err);
      throw new CalloutError('BackendConnectionFailure', `Unable to connect to the remote server: ${req.method} ${req.url}: ${detail}`);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', cancel);
    }
  }

  private dispatcherFor(req: CalloutRequest): Dispatcher {
    if (req.proxy) {
      const { url, username, password } = req.proxy;
      const key = `${url}\n${username ?? ''}\n${password ?? ''}`;
      let proxy = this.proxies.get(key);
      if (!proxy) {
        const token = username !== undefined ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` : undefined;
        proxy = new ProxyAgent(token ? { uri: url, token } : { uri: url });
        this.proxies.set(key, proxy);
      }
      return proxy;
    }
    const cert = req.clientCertificate;
    if (cert) {
      const key = certificateKey(cert);
      let agent = this.tlsAgents.get(key);
      if (!agent) {
        agent = new Agent({ keepAliveTimeout: 10_000, connect: { pfx: cert.pfx, passphrase: cert.passphrase, cert: cert.cert, key: cert.key, ...(this.tls.ca ? { ca: this.tls.ca } : {}) } });
        this.tlsAgents.set(key, agent);
      }
      return agent;
    }
    return this.agent;
  }

  async close(): Promise<void> {
    if (shared === this) shared = undefined; // the next defaultCalloutClient() builds a fresh pool
    await Promise.all([this.agent, ...this.proxies.values(), ...this.tlsAgents.values()].map((d) => d.close()));
  }
}

function certificateKey(cert: ClientCertificate): string {
  const h = createHash('sha256');
  for (const part of [cert.pfx, cert.cert, cert.key, cert.passphrase]) h.update(part === undefined ? '\0' : String(part.length) + ':').update(part ?? '');
  return h.digest('hex');
}

function toUndiciHeaders(bag: HeaderBag): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of bag) {
    if (MANAGED_HEADERS.has(name.toLowerCase())) continue;
    out[name] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const code = (err as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
  return code ? `${code} ${err.message}` : err.message;
}

let shared: UndiciCalloutClient | undefined;

/** One pooled client per process. */
export function defaultCalloutClient(): UndiciCalloutClient {
  return (shared ??= new UndiciCalloutClient());
}
