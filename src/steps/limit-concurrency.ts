/**
 * limit-concurrency: at most `max-count` handshakes per key run the enclosed policies at a time, and a
 * WebSocket keeps its slot for the life of the connection, so the policy caps concurrent connections
 * per key. Beyond it: 429 at once. The slot is freed when the connection ends, when the handshake is
 * answered without connecting, or at once if the enclosed policies fail.
 */
import { connectionHolds } from '../access/connection-holds.js';
import { refusal } from './access/refusal.js';
import { configuredStore, withStore } from './access/store-call.js';
import { runSteps } from './runtime/run-steps.js';
import type { Step } from './runtime/step.js';
import { asString } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';
import { clockNow } from '../common/clock.js';

export const limitConcurrency: PolicyHandler = {
  name: 'limit-concurrency',
  status: 'supported',
  summary: 'Caps concurrent connections per key (the slot is held while the WebSocket lives); 429 beyond it',
  attributes: [
    { name: 'key', required: true, expression: true },
    { name: 'max-count', required: true, type: 'integer', expression: false },
  ],
  children: 'policies',
  compile(el, ctx): Step {
    const key = ctx.attr(el, 'key')!;
    const max = Number(literalOf(el, 'max-count') ?? '0');
    const steps = ctx.policies(el.children);
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `max ${max}`,
      branches: [{ label: 'policies', steps }],
      async run(rt) {
        const slotKey = asString(await rt.evaluate(key));
        const store = configuredStore(rt);
        const open = { release: () => undefined };
        const lease = await withStore(rt, store, el.name, () => store.acquireSlot(slotKey, max, clockNow()), open);
        if (!lease) {
          if (rt.entry) rt.note('message', `All ${max} slots for key '${slotKey}' are taken`);
          throw refusal(el.name, 'ConcurrencyLimitExceeded', `Too many concurrent requests for key '${slotKey}' (max-count ${max}).`, 429, 'Too many requests. Concurrency limit is exceeded.');
        }
        if (rt.entry) rt.note('message', `Slot taken for key '${slotKey}' (max-count ${max}); held while the connection lives`);
        try {
          await runSteps(steps, rt);
        } catch (err) {
          lease.release();
          throw err;
        }
        connectionHolds(rt.state).releases.push(() => lease.release());
      },
    };
  },
};
