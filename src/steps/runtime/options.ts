/** What the compiler and the executor can be configured with. */
import type { EvaluationBudget } from '../../expressions/contract.js';
import type { CalloutClient } from './contract.js';
import type { CredentialManager } from '../access/credential-manager.js';

/** Stand-in for Entra ID in authentication-managed-identity: gives a token for a resource. */
export interface TokenProvider {
  getToken(resource: string, clientId?: string): string | Promise<string>;
}

/** A client certificate for authentication-certificate, by certificate-id or thumbprint. */
export interface ClientCertificate {
  pfx?: Buffer;
  passphrase?: string;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** SHA-1 thumbprint, upper-case hex (shown in traces). */
  thumbprint?: string;
}

export interface GraphCompileOptions {
  /** backend-id → base URL, for set-backend-service backend-id. */
  backends?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Expression budget per evaluation. */
  budget?: Partial<EvaluationBudget>;
  /** Literal secret values (secret named values) to mask in traces. */
  secrets?: readonly string[];
  /** Cap on a send-request response body, in bytes (default 4 MiB). */
  maxCalloutBodyBytes?: number;
  /** Callout bodies in the trace are cut after this many bytes (default 4096). */
  traceBodyBytes?: number;
  tokenProvider?: TokenProvider;
  /** Credential manager connections for get-authorization-context (the configuration's `authorizations:`). */
  credentials?: CredentialManager;
  /** Certificates by certificate-id or thumbprint. */
  certificates?: ReadonlyMap<string, ClientCertificate> | Readonly<Record<string, ClientCertificate>>;
  /** How send-request reaches the network when a run does not say (default: undici with Node's CA store). */
  callouts?: CalloutClient;
  /** Shown as the trace's serviceName (default `onhandshake`). */
  serviceName?: string;
}

/**
 * What a gateway adds to the default expression budget: all handshakes together may spend this much
 * expression time per second before heavy evaluations are cut to a few milliseconds each (light ones,
 * which need microseconds, still pass). See docs/expressions.md, "Budgets".
 */
export const GATEWAY_EXPRESSION_BUDGET: Partial<EvaluationBudget> = { gatewayMillisPerSecond: 400 };

export const DEFAULT_MAX_CALLOUT_BODY_BYTES = 4 * 1024 * 1024;

export function lookup<T>(table: ReadonlyMap<string, T> | Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  if (!table) return undefined;
  if (table instanceof Map) return table.get(key);
  const record = table as Readonly<Record<string, T>>;
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
