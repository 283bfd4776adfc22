/**
 * Subscription keys at the handshake: header `Ocp-Apim-Subscription-Key` or query `subscription-key`
 * (names configurable per API). Missing → 401 when the API requires a subscription; a key that is given
 * is always checked (unknown, suspended, or not granting this API → 401), as APIM does.
 */
import type { HeaderBag } from '../common/headers.js';
import type { ProductInfo, SubscriptionInfo } from '../model/state.js';
import { apimErrors, type GatewayResponse } from './apim-errors.js';
import type { GatewayApi, GatewayRuntime } from './runtime.js';

export type SubscriptionCheck =
  | { ok: true; subscription: SubscriptionInfo | null; product: ProductInfo | null }
  | { ok: false; response: GatewayResponse; reason: 'SubscriptionKeyNotFound' | 'SubscriptionKeyInvalid' };

export function findSubscriptionKey(api: GatewayApi, headers: HeaderBag, query: URLSearchParams): string | undefined {
  const names = api.info.subscriptionKeyParameterNames;
  const fromHeader = headers.get(names.header);
  if (fromHeader) return fromHeader.trim();
  const fromQuery = query.get(names.query);
  return fromQuery ? fromQuery.trim() : undefined;
}

export function checkSubscription(runtime: GatewayRuntime, api: GatewayApi, key: string | undefined): SubscriptionCheck {
  if (!key) {
    if (!api.subscriptionRequired) return { ok: true, subscription: null, product: null };
    return { ok: false, response: apimErrors.missingSubscriptionKey(), reason: 'SubscriptionKeyNotFound' };
  }
  const found = runtime.subscriptions.get(key);
  const grants = found && found.state === 'active' && (found.product === null || api.productIds.includes(found.product.id));
  if (!found || !grants) return { ok: false, response: apimErrors.invalidSubscriptionKey(), reason: 'SubscriptionKeyInvalid' };
  const now = Date.now();
  if ((found.info.startDate && found.info.startDate.getTime() > now) || (found.info.endDate && found.info.endDate.getTime() < now)) {
    return { ok: false, response: apimErrors.invalidSubscriptionKey(), reason: 'SubscriptionKeyInvalid' };
  }
  return { ok: true, subscription: { ...found.info, key }, product: found.product };
}
