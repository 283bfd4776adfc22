/**
 * What the access and traffic policies read from the graph's compile options. Declared here by
 * augmenting GraphCompileOptions (optional fields, so every existing caller stays valid); the
 * gateway fills them from its configuration.
 */
import type { Store } from '../../store/contract.js';
import type { OpenIdConfigCache } from '../../access/openid-config.js';

declare module '../runtime/options.js' {
  interface GraphCompileOptions {
    /** Counters, slots and cached values (rate-limit, quota, limit-concurrency, cache-*-value). Default: this process's memory. */
    store?: Store;
    /** Stand-in for Entra ID in validate-azure-ad-token: its base URL (default https://login.microsoftonline.com). */
    entraAuthority?: string;
    /**
     * ip-filter reads the client address from X-Forwarded-For only when the direct peer is one of these
     * proxies (addresses or CIDR blocks). APIM itself always uses the direct peer.
     */
    trustedProxies?: readonly string[];
    /** Shared OpenID configuration / JWKS cache (default: one per process). */
    openIdCache?: OpenIdConfigCache;
  }
}

export {};
