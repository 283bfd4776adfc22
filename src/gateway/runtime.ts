/**
 * What the gateway serves at one moment: the APIs with their compiled step graphs, the subscriptions,
 * the deployment. A new runtime replaces the old one atomically on reload; a handshake keeps the
 * runtime it started with, and a live connection never looks at it again.
 */
import type { StepGraph } from '../steps/runtime/contract.js';
import type { ApiInfo, DeploymentInfo, ProductInfo, SubscriptionInfo } from '../model/state.js';

export interface GatewayApi {
  info: ApiInfo;
  /** The URL suffix, normalised: '' for the root, otherwise '/seg/seg' without a trailing slash. */
  path: string;
  /** Whether a subscription key is required to call it. */
  subscriptionRequired: boolean;
  /** Product ids the API belongs to. */
  productIds: readonly string[];
  /** The graph to run for a handshake made with a subscription of `productId` (null: no product). */
  graphFor(productId: string | null): StepGraph;
  /** Literal secret values to mask in traces and logs. */
  secrets: readonly string[];
}

export interface GatewaySubscription {
  info: SubscriptionInfo;
  /** The product this subscription belongs to, or null for an all-APIs subscription. */
  product: ProductInfo | null;
  state: 'active' | 'suspended';
}

export interface GatewayRuntime {
  apis: readonly GatewayApi[];
  /** By key (primary and secondary). */
  subscriptions: ReadonlyMap<string, GatewaySubscription>;
  deployment: DeploymentInfo;
}

export function normaliseApiPath(path: string): string {
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}
