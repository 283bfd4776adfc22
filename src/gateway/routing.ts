/**
 * Finds the API a handshake is for by its URL suffix. A WebSocket API has one operation, onHandshake,
 * whose template is the API root, so the path must be the suffix itself (a trailing `/` allowed); a
 * deeper path matches no operation (404, as APIM's OperationNotFound). Case-insensitive, as APIM.
 */
import type { GatewayApi } from './runtime.js';

export function routeApi(apis: readonly GatewayApi[], pathname: string): GatewayApi | undefined {
  const path = pathname.toLowerCase().replace(/\/+$/, '');
  return apis.find((api) => api.path.toLowerCase() === path);
}
