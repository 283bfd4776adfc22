/**
 * cache-lookup-value: a hit sets `variable-name` to the cached value; a miss sets it to `default-value`
 * when one is given and leaves it unset otherwise (reference §2.26). An unavailable store is a miss
 * when failing open.
 */
import { CACHING_TYPE, cacheStore, decodeCacheValue } from './access/cache-value.js';
import { withStore } from './access/store-call.js';
import { dotnet } from '../expressions/index.js';
import type { Step } from './runtime/step.js';
import { asString } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

export const cacheLookupValue: PolicyHandler = {
  name: 'cache-lookup-value',
  status: 'supported',
  summary: 'Reads a cached value into a variable (internal memory or the configured Redis store)',
  attributes: [
    { name: 'key', required: true, expression: true },
    { name: 'variable-name', required: true, expression: false },
    { name: 'default-value', expression: true },
    CACHING_TYPE,
  ],
  compile(el, ctx): Step {
    const key = ctx.attr(el, 'key')!;
    const fallback = ctx.attr(el, 'default-value');
    const variable = literalOf(el, 'variable-name')!;
    const cachingType = literalOf(el, 'caching-type');
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: variable,
      async run(rt) {
        const k = asString(await rt.evaluate(key));
        const store = cacheStore(rt, cachingType);
        const text = await withStore(rt, store, el.name, () => store.getValue(k), undefined);
        if (text !== undefined) {
          const value = decodeCacheValue(text);
          rt.state.variables.set(variable, value);
          if (rt.entry) rt.note('message', `Cache hit for key '${k}': variable '${variable}' set (${dotnet.typeName(value)})`);
          return;
        }
        if (fallback) {
          const value = fallback.evaluator ? await rt.evaluate(fallback) : dotnet.fromString(fallback.literal ?? '');
          rt.state.variables.set(variable, value);
          if (rt.entry) rt.note('message', `Cache miss for key '${k}': variable '${variable}' set to default-value`);
          return;
        }
        if (rt.entry) rt.note('message', `Cache miss for key '${k}': variable '${variable}' not set`);
      },
    };
  },
};
