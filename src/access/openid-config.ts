/**
 * OpenID Connect metadata and JWKS for validate-jwt's `openid-config`: fetched with undici, cached about
 * an hour, and refetched on an unknown `kid` at most every five minutes (reference §2.12).
 */
import { keysFromJwks, type VerificationKey } from './jwt-keys.js';
import type { KeySource } from './jwt-validate.js';

export interface OpenIdCacheOptions {
  /** How long fetched keys are used before refetching (APIM: about an hour). */
  ttlMs?: number;
  /** Least time between two refetches forced by unknown key ids (APIM: five minutes). */
  minRefreshMs?: number;
  /** Wait before retrying after a failed fetch. */
  retryAfterFailureMs?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  now?: () => number;
}

interface Entry {
  keys: VerificationKey[];
  issuers: string[];
  /** When the last fetch ended (0: never). */
  fetchedAt: number;
  /** When the keys must be fetched again. */
  expiresAt: number;
  pending?: Promise<void>;
  lastError?: string;
}

export class OpenIdConfigCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly minRefreshMs: number;
  private readonly retryAfterFailureMs: number;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;

  constructor(options: OpenIdCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60 * 60_000;
    this.minRefreshMs = options.minRefreshMs ?? 5 * 60_000;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 1 << 20;
    this.now = options.now ?? Date.now;
  }

  /** A KeySource for one metadata URL (openid-configuration or a bare JWKS document). */
  source(url: string): KeySource & { lastError(): string | undefined } {
    return {
      keys: async () => (await this.ensure(url, false)).keys,
      refresh: async () => (await this.ensure(url, true)).keys,
      issuers: async () => (await this.ensure(url, false)).issuers,
      lastError: () => this.entries.get(url)?.lastError,
    };
  }

  private async ensure(url: string, unknownKid: boolean): Promise<Entry> {
    let entry = this.entries.get(url);
    if (!entry) {
      entry = { keys: [], issuers: [], fetchedAt: 0, expiresAt: 0 };
      this.entries.set(url, entry);
    }
    const now = this.now();
    const due = now >= entry.expiresAt || (unknownKid && now - entry.fetchedAt >= this.minRefreshMs);
    if (due && !entry.pending) {
      const target = entry;
      target.pending = this.fetch(url)
        .then(
          ({ keys, issuers }) => {
            target.keys = keys;
            target.issuers = issuers;
            target.lastError = undefined;
            target.expiresAt = this.now() + this.ttlMs;
          },
          (err: unknown) => {
            // Keep the last good keys; the failure is reported through lastError().
            target.lastError = err instanceof Error ? err.message : String(err);
            target.expiresAt = this.now() + this.retryAfterFailureMs;
          },
        )
        .finally(() => {
          target.fetchedAt = this.now();
          target.pending = undefined;
        });
    }
    if (entry.pending) await entry.pending;
    return entry;
  }

  private async fetch(url: string): Promise<{ keys: VerificationKey[]; issuers: string[] }> {
    const document = await this.getJson(url);
    if (Array.isArray((document as { keys?: unknown }).keys)) return { keys: keysFromJwks(document), issuers: [] };
    const { jwks_uri: jwksUri, issuer } = document as { jwks_uri?: unknown; issuer?: unknown };
    if (typeof jwksUri !== 'string') throw new Error(`${url}: the OpenID configuration has no jwks_uri`);
    const jwks = await this.getJson(new URL(jwksUri, url).href);
    return { keys: keysFromJwks(jwks), issuers: typeof issuer === 'string' ? [issuer] : [] };
  }

  private async getJson(url: string): Promise<unknown> {
    // undici loads on the first fetch: a gateway without openid-config never pays its memory.
    const { request } = await import('undici');
    const response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > this.maxBodyBytes) {
        response.body.destroy();
        throw new Error(`${url}: the document is larger than ${this.maxBodyBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    if (response.statusCode !== 200) throw new Error(`${url}: HTTP ${response.statusCode}`);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new Error(`${url}: the answer is not JSON`);
    }
  }
}
