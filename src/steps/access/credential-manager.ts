/**
 * A local stand-in for API Management's credential manager (get-authorization-context): connections
 * ("authorizations") of credential providers, each holding either a static access token or a client
 * credentials grant against a local OAuth 2.0 token endpoint. Fetched tokens are cached until shortly
 * before `expires_in`. Token requests go through the run's callout client, so `trace --mock`, policy
 * tests and recordings answer them like any send-request.
 */
import { HeaderBag } from '../../common/headers.js';
import type { CalloutClient } from '../runtime/contract.js';

export interface ConnectionConfig {
  providerId: string;
  authorizationId: string;
  /** A fixed access token (a connection whose consent was given once). */
  accessToken?: string;
  /** OAuth 2.0 token endpoint for a client credentials grant. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  /** Claims of the token response (RFC 6749 §5.1) for a static token; a fetched token's come from its response. */
  claims?: Record<string, unknown>;
  /** `error` stands for a connection whose consent failed or was revoked. */
  status: 'connected' | 'error';
  /** Object ids (`oid`) of the identities allowed by the connection's access policy for identity-type="jwt". */
  allowedObjectIds?: string[];
}

export interface AuthorizationResult {
  accessToken: string;
  claims: Record<string, unknown>;
}

/** The identity the connection's access policy is checked against. */
export type AuthorizationIdentity = { type: 'managed' } | { type: 'jwt'; objectId: string | undefined };

/** A refusal with APIM's LastError reason (see docs/access-policies.md for the reasons chosen). */
export class AuthorizationFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuthorizationFailure';
  }
}

/** Refetch a token this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;
const TOKEN_TIMEOUT_MS = 20_000;
const MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;

interface Cached {
  result: AuthorizationResult;
  expiresAt: number;
}

export class CredentialManager {
  private readonly connections = new Map<string, ConnectionConfig>();
  private readonly cache = new Map<string, Cached>();

  constructor(
    connections: readonly ConnectionConfig[],
    private readonly now: () => number = Date.now,
  ) {
    for (const c of connections) this.connections.set(keyOf(c.providerId, c.authorizationId), c);
  }

  /** Every token and client secret configured, to mask. */
  secrets(): string[] {
    return [...this.connections.values()].flatMap((c) => [c.accessToken, c.clientSecret].filter((s): s is string => !!s));
  }

  async authorize(providerId: string, authorizationId: string, identity: AuthorizationIdentity, callouts: CalloutClient, signal?: AbortSignal): Promise<AuthorizationResult> {
    const key = keyOf(providerId, authorizationId);
    const connection = this.connections.get(key);
    if (!connection) {
      throw new AuthorizationFailure('AuthorizationNotFound', `Authorization '${authorizationId}' of provider '${providerId}' was not found.`);
    }
    if (connection.status === 'error') {
      throw new AuthorizationFailure('AuthorizationNotConnected', `Authorization '${authorizationId}' of provider '${providerId}' is in the Error state: it is not connected.`);
    }
    if (identity.type === 'jwt' && !(identity.objectId && connection.allowedObjectIds?.includes(identity.objectId))) {
      throw new AuthorizationFailure(
        'AuthorizationAccessDenied',
        `The identity '${identity.objectId ?? '(no oid claim)'}' has no access policy on authorization '${authorizationId}' of provider '${providerId}'.`,
      );
    }
    if (connection.accessToken !== undefined) return { accessToken: connection.accessToken, claims: connection.claims ?? {} };
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.result;
    const fetched = await fetchToken(connection, callouts, signal);
    this.cache.set(key, { result: fetched.result, expiresAt: this.now() + Math.max(0, fetched.expiresInMs - EXPIRY_MARGIN_MS) });
    return fetched.result;
  }
}

function keyOf(providerId: string, authorizationId: string): string {
  // Resource names are case-insensitive in Azure.
  return `${providerId.toLowerCase()}\u0000${authorizationId.toLowerCase()}`;
}

async function fetchToken(c: ConnectionConfig, callouts: CalloutClient, signal?: AbortSignal): Promise<{ result: AuthorizationResult; expiresInMs: number }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (c.clientId !== undefined) form.set('client_id', c.clientId);
  if (c.clientSecret !== undefined) form.set('client_secret', c.clientSecret);
  if (c.scope !== undefined) form.set('scope', c.scope);
  const headers = new HeaderBag();
  headers.set('Content-Type', 'application/x-www-form-urlencoded');
  headers.set('Accept', 'application/json');
  const fail = (why: string): never => {
    throw new AuthorizationFailure('AuthorizationTokenFailure', `Authorization '${c.authorizationId}' of provider '${c.providerId}' could not get a token from ${c.tokenUrl}: ${why}`);
  };
  let response;
  try {
    response = await callouts.send({
      method: 'POST',
      url: c.tokenUrl!,
      headers,
      body: Buffer.from(form.toString()),
      timeoutMs: TOKEN_TIMEOUT_MS,
      maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    return fail((err as Error).message ?? String(err));
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  const o = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (response.statusCode !== 200 || !o) return fail(`status ${response.statusCode}${o && typeof o['error'] === 'string' ? ` (${o['error']})` : ''}`);
  const token = o['access_token'];
  if (typeof token !== 'string' || token === '') return fail('the response has no access_token');
  const expiresIn = Number(o['expires_in']);
  return { result: { accessToken: token, claims: o }, expiresInMs: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3_600_000 };
}
