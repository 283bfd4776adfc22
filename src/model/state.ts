/**
 * The per-handshake state that policies change and that `context` in expressions reads.
 * The graph's executor owns it; the expression runtime's `context` object is a read-only view of it.
 */
import type { HeaderBag } from '../common/headers.js';

/** A URL as APIM's IUrl sees it; query pairs are decoded and kept in order. */
export interface UrlState {
  scheme: string; // 'ws' | 'wss' | 'http' | 'https'
  host: string;
  port: number;
  path: string; // starts with '/'
  query: Array<[string, string]>;
}

export interface ApiInfo {
  id: string;
  name: string;
  path: string;
  serviceUrl: string;
  protocols: string[];
  revision: string;
  version: string;
  isCurrentRevision: boolean;
  subscriptionKeyParameterNames: { header: string; query: string };
}

export interface OperationInfo {
  id: string;
  name: string;
  method: string;
  urlTemplate: string;
}

export interface ProductInfo {
  id: string;
  name: string;
  subscriptionRequired: boolean;
  approvalRequired: boolean;
  state: 'Published' | 'NotPublished';
  subscriptionsLimit: number | null;
  groups: Array<{ id: string; name: string }>;
}

export interface SubscriptionInfo {
  id: string;
  name: string;
  key: string;
  primaryKey: string;
  secondaryKey: string;
  createdDate: Date;
  startDate: Date | null;
  endDate: Date | null;
}

export interface UserInfo {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  note: string;
  registrationDate: Date;
  groups: Array<{ id: string; name: string }>;
  identities: Array<{ id: string; provider: string }>;
}

export interface DeploymentInfo {
  region: string;
  serviceName: string;
  serviceId: string;
  gatewayId: string;
  /**
   * The uploaded certificates (context.Deployment.Certificates) by upper-case thumbprint: each file's
   * bytes and password, read as `new X509Certificate2(raw, password)` would. Absent: none.
   */
  certificates?: ReadonlyMap<string, { raw: Uint8Array; password: string | null }>;
}

export interface LastErrorInfo {
  source: string;
  reason: string;
  message: string;
  scope: string;
  section: string;
  path: string;
  policyId: string;
  /** Ours, not APIM's (not visible to expressions): `file:line:col` of the failing sub-expression or element. */
  location?: string;
}

export interface HandshakeState {
  requestId: string;
  timestamp: Date;
  /** performance.now() when the handshake arrived; context.Elapsed is measured from it. */
  startedAt: number;
  request: {
    method: string;
    originalUrl: UrlState;
    /** The URL as it will be forwarded: rewrite-uri and set-query-parameter change it. */
    url: UrlState;
    /** Headers to forward; set-header changes them. */
    headers: HeaderBag;
    ipAddress: string;
    matchedParameters: Map<string, string>;
  };
  /** The backend base URL: the API's serviceUrl, replaced by set-backend-service. */
  backendBaseUrl: string;
  variables: Map<string, unknown>;
  api: ApiInfo;
  operation: OperationInfo;
  product: ProductInfo | null;
  subscription: SubscriptionInfo | null;
  user: UserInfo | null;
  deployment: DeploymentInfo;
  /** Set when on-error runs. */
  lastError: LastErrorInfo | null;
  /** The response being built (return-response, on-error); null while inbound runs normally. */
  response: { statusCode: number; statusReason: string; headers: HeaderBag } | null;
  tracing: boolean;
  /** Work done so far by this handshake's expressions (the per-handshake budget; created at the first evaluation). */
  expressionSpend?: { steps: number; millis: number };
  /** context.Trace(message) and the trace policy write here. */
  trace(source: string, message: string, severity?: 'verbose' | 'information' | 'error'): void;
}
