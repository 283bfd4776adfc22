/**
 * The gateway configuration after loading and validation: paths absolute, `${ENV}` resolved, defaults
 * applied. The file format is described in docs/configuration.md.
 */
import type { SourceLocation } from '../policy/diagnostics.js';
import type { GatewayLimits } from './limits.js';
import type { ConfigCertificate } from './certificates.js';
import type { ConnectionConfig } from '../steps/access/credential-manager.js';
import type { TelemetrySettings } from '../telemetry/settings.js';

export interface ConfigNamedValue {
  value: string;
  secret: boolean;
  /** Where it was defined (for diagnostics). */
  at: SourceLocation;
}

export interface ConfigSubscription {
  id: string;
  name: string;
  primaryKey: string;
  secondaryKey: string;
  state: 'active' | 'suspended';
  startDate: Date | null;
  endDate: Date | null;
  at: SourceLocation;
}

export interface ConfigProduct {
  id: string;
  name: string;
  /** Absolute path of the product-scope policy, if any. */
  policy?: string;
  subscriptionRequired: boolean;
  subscriptions: ConfigSubscription[];
  at: SourceLocation;
}

export interface ConfigApi {
  name: string;
  /** URL suffix as written (normalised by the gateway). */
  path: string;
  serviceUrl: string;
  /** Absolute path of the onHandshake policy (operation scope). */
  policy?: string;
  /** Absolute path of an API-scope policy, if any. */
  apiPolicy?: string;
  /** Absolute path of the policy of the workspace the API belongs to, if any (APIOps estates). */
  workspacePolicy?: string;
  /** The API's own fragments folder, when it is not the configuration's (a workspace's `policy fragments/`). */
  fragments?: string;
  /** The revision served (default '1'). */
  revision?: string;
  products: string[];
  subscriptionRequired: boolean;
  subscriptionKeyParameterNames: { header: string; query: string };
  at: SourceLocation;
}

export interface GatewayConfig {
  /** The file it was read from (absent for the quick CLI form). */
  file?: string;
  listen: { host: string; port: number; tls?: { cert: string; key: string } };
  service: { name: string; region: string };
  namedValues: Map<string, ConfigNamedValue>;
  fragments?: string;
  policies: { global?: string };
  backends: Map<string, string>;
  products: ConfigProduct[];
  apis: ConfigApi[];
  limits: Partial<GatewayLimits>;
  /** Extra CA certificates (PEM file paths) trusted for wss:// backends. */
  backendCa: string[];
  /** APIM's uploaded certificates by certificate-id (authentication-certificate, validate-jwt keys, context.Deployment.Certificates). */
  certificates: Map<string, ConfigCertificate>;
  /** Credential manager connections for get-authorization-context. */
  authorizations: ConnectionConfig[];
  /** `events: false` silences the per-connection lines (load tests); gateway lines still print. */
  logging: { json: boolean; events: boolean };
  trace: boolean;
  /** The browser console at /_onhandshake/ (on, loopback only, unless said otherwise). */
  console: { enabled?: boolean; ringSize?: number; allowRemote?: boolean; allowedHosts?: string[]; inspect?: boolean };
  /**
   * Traffic and access policies: the store (memory or redis://…; absent: ONHANDSHAKE_STORE or this
   * process's memory), its failure mode, the proxies ip-filter may believe, the Entra ID stand-in.
   */
  traffic: { store?: string; storeFailure: 'open' | 'closed'; trustedProxies: string[]; entraAuthority?: string };
  /** Masking: header names whose values are credentials, besides Authorization, X-Api-Key and the others built in. */
  masking?: { credentialHeaders: string[] };
  /** OpenTelemetry traces and metrics, the Prometheus endpoint (absent: off, nothing loaded). */
  telemetry?: TelemetrySettings;
  /** Files whose change should reload the gateway (the config itself, policies, named values files, fragments). */
  watched: string[];
}
