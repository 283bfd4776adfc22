/** `direct`: the client talks to the echo backend itself — the limit every proxy is compared to. */
import type { TargetDefinition } from './target.js';
import { wsUrl } from './target.js';

export const direct: TargetDefinition = {
  name: 'direct',
  description: 'client → echo backend, no proxy (the baseline)',
  available: () => ({ ok: true }),
  start: async (env) => ({
    name: 'direct',
    endpoint: (variant) => (variant === 'plain' ? { url: wsUrl(env.echoPort, '/plain') } : undefined),
    stop: async () => {},
  }),
};
