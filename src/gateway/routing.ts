/**
 * Finds the API a request path belongs to by its URL suffix: the longest suffix that equals the path or
 * is followed by `/`. Case-insensitive, as APIM matches API paths.
 */
import type { GatewayApi } from './runtime.js';

export function routeApi(apis: readonly GatewayApi[], pathname: string): GatewayApi | undefined {
  const path = pathname.toLowerCase();
  let best: GatewayApi | undefined;
  for (const api of apis) {
    const suffix = api.path.toLowerCase();
    const matches = suffix === '' || path === suffix || path.startsWith(suffix + '/');
    if (matches && (!best || suffix.length > best.path.length)) best = api;
  }
  return best;
}
