/**
 * The default CalloutClient: undici with pooled keep-alive connections, one pool per proxy or client
 * certificate. Redirects are not followed (APIM's send-request does not follow them); the response
 * body is capped; the timeout covers the whole exchange.
 */
import { STATUS_CODES } from 'node:http';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { HeaderBag } from '../common/headers.js';
import { CalloutError } from './callout-error.js';
import type { CalloutClient, CalloutRequest, CalloutResponse } from './contract.js';
import type { ClientCertificate } from './options.js';

/** Headers undici manages itself (it rejects most of them). */
const MANAGED_HEADERS = new Set(['connection', 'upgrade', 'keep-alive', 'transfer-encoding', 'expect', 'content-length']);

export class UndiciCalloutClient implements CalloutClient {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 128 });
  private readonly proxies = new Map<string, ProxyAgent>();
  private readonly tlsAgents = new WeakMap<ClientCertificate, Agent>();

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
      let agent = this.tlsAgents.get(cert);
      if (!agent) {
        agent = new Agent({ connect: { pfx: cert.pfx, passphrase: cert.passphrase, cert: cert.cert, key: cert.key } });
        this.tlsAgents.set(cert, agent);
      }
      return agent;
    }
    return this.agent;
  }

  async close(): Promise<void> {
    await Promise.all([this.agent.close(), ...[...this.proxies.values()].map((p) => p.close())]);
  }
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
