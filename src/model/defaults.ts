/**
 * The defaults of the handshake model, in one place: what an API, an operation and a deployment hold when
 * nothing (configuration, a test case, a context file) says otherwise.
 */
import type { ApiInfo, OperationInfo } from './state.js';

/** APIM's default names of the subscription key header and query parameter. */
export const DEFAULT_SUBSCRIPTION_KEY_NAMES: ApiInfo['subscriptionKeyParameterNames'] = { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' };

/** The one operation of every WebSocket API. */
export const ON_HANDSHAKE_OPERATION: OperationInfo = { id: 'onHandshake', name: 'onHandshake', method: 'GET', urlTemplate: '/' };

/** What identifies an API; the rest of ApiInfo has APIM's defaults unless given. */
export type ApiIdentity = Pick<ApiInfo, 'id' | 'name' | 'path' | 'serviceUrl' | 'protocols'> & Partial<ApiInfo>;

/** An API's description: the current revision 1, no version, the default subscription key names. */
export function apiInfo(api: ApiIdentity): ApiInfo {
  return { revision: '1', version: '', isCurrentRevision: true, subscriptionKeyParameterNames: DEFAULT_SUBSCRIPTION_KEY_NAMES, ...api };
}
