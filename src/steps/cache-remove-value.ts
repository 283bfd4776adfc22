/** cache-remove-value: removes a cached value by key. */
import { CACHING_TYPE, cacheStore } from './access/cache-value.js';
import { withStore } from './access/store-call.js';
import type { Step } from './runtime/step.js';
import { asString } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

export const cacheRemoveValue: PolicyHandler = {
  name: 'cache-remove-value',
  status: 'supported',
  summary: 'Removes a cached value (internal memory or the configured Redis store)',
  attributes: [{ name: 'key', required: true, expression: true }, CACHING_TYPE],
  compile(el, ctx): Step {
    const key = ctx.attr(el, 'key')!;
    const cachingType = literalOf(el, 'caching-type');
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: literalOf(el, 'key') ?? '@(…)',
      async run(rt) {
        const k = asString(await rt.evaluate(key));
        const store = cacheStore(rt, cachingType);
        await withStore(rt, store, el.name, () => store.deleteValue(k), undefined);
        if (rt.entry) rt.note('message', `Value removed for key '${k}'`);
      },
    };
  },
};
