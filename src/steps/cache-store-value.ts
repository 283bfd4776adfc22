/** cache-store-value: stores a value under a key for `duration` seconds (internal memory or Redis). */
import { CACHING_TYPE, cacheStore, encodeCacheValue } from './access/cache-value.js';
import { integerAttribute } from './access/policy-numbers.js';
import { withStore } from './access/store-call.js';
import type { Step } from './runtime/step.js';
import { asString, evaluateAll } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

export const cacheStoreValue: PolicyHandler = {
  name: 'cache-store-value',
  status: 'supported',
  summary: 'Stores a value in the cache for a duration (internal memory or the configured Redis store)',
  attributes: [
    { name: 'key', required: true, expression: true },
    { name: 'value', required: true, expression: true },
    { name: 'duration', required: true, type: 'integer', expression: true },
    CACHING_TYPE,
  ],
  compile(el, ctx): Step {
    const values = [ctx.attr(el, 'key')!, ctx.attr(el, 'value')!, ctx.attr(el, 'duration')!];
    const cachingType = literalOf(el, 'caching-type');
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: literalOf(el, 'key') ?? '@(…)',
      async run(rt) {
        const [key, value, duration] = await evaluateAll(rt, values);
        const k = asString(key);
        const seconds = integerAttribute(asString(duration), 'duration', el.name, 0);
        const store = cacheStore(rt, cachingType);
        await withStore(rt, store, el.name, () => store.setValue(k, encodeCacheValue(value), seconds * 1000), undefined);
        if (rt.entry) rt.note('message', `Value stored under key '${k}' for ${seconds} s`);
      },
    };
  },
};
