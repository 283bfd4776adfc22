/**
 * authentication-managed-identity: a bearer token for `resource` on the backend request, or in
 * output-token-variable-name. Tokens come from the configured TokenProvider; without one, a local
 * stand-in mints an unsigned token (steps/runtime/local-token-provider.ts) — never valid in Azure.
 */
import type { Step } from './runtime/step.js';
import { AUTHENTICATION_MANAGED_IDENTITY } from './auth-children.js';
import { compileManagedIdentity } from './callout.js';
import { policyIdOf, type PolicyHandler } from './handler.js';

export const authenticationManagedIdentity: PolicyHandler = {
  ...AUTHENTICATION_MANAGED_IDENTITY,
  status: 'supported',
  summary: 'Bearer token for a resource from a configured local token provider (a stand-in for Entra ID)',
  sections: ['inbound'],
  compile(el, ctx): Step {
    const obtain = compileManagedIdentity(el, ctx, (rt, _req, token) => {
      rt.state.request.headers.set('Authorization', `Bearer ${token}`);
      if (rt.entry) rt.note('message', 'Authorization header was set (Bearer, managed identity)');
    });
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      run(rt) {
        return obtain(rt, null);
      },
    };
  },
};
