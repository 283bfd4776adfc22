/** The access-control and traffic policies (src/access, src/store), registered in the table by index.ts. */
import { cacheLookupValue } from './cache-lookup-value.js';
import { cacheRemoveValue } from './cache-remove-value.js';
import { cacheStoreValue } from './cache-store-value.js';
import { checkHeader } from './check-header.js';
import type { PolicyHandler } from './handler.js';
import { ipFilter } from './ip-filter.js';
import { limitConcurrency } from './limit-concurrency.js';
import { quota } from './quota.js';
import { quotaByKey } from './quota-by-key.js';
import { rateLimit } from './rate-limit.js';
import { rateLimitByKey } from './rate-limit-by-key.js';
import { validateAzureAdToken } from './validate-azure-ad-token.js';
import { validateJwtHandler } from './validate-jwt.js';

export const ACCESS_HANDLERS: readonly PolicyHandler[] = [
  validateJwtHandler,
  validateAzureAdToken,
  checkHeader,
  ipFilter,
  rateLimit,
  rateLimitByKey,
  quota,
  quotaByKey,
  limitConcurrency,
  cacheLookupValue,
  cacheStoreValue,
  cacheRemoveValue,
];
