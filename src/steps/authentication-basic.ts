/** authentication-basic: sets `Authorization: Basic …` on the backend handshake request. */
import type { Step } from './runtime/step.js';
import { asString, evaluateAll, andThen } from './runtime/values.js';
import { AUTHENTICATION_BASIC, basicCredentials } from './auth-children.js';
import { policyIdOf, type PolicyHandler } from './handler.js';

export const authenticationBasic: PolicyHandler = {
  ...AUTHENTICATION_BASIC,
  status: 'supported',
  summary: 'Sets Authorization: Basic on the backend request (the password is masked in traces)',
  sections: ['inbound'],
  compile(el, ctx): Step {
    const user = ctx.attr(el, 'username')!;
    const pass = ctx.attr(el, 'password')!;
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      run(rt) {
        return andThen(evaluateAll(rt, [user, pass]), ([u, p]) => {
          rt.addSecret(asString(p));
          rt.state.request.headers.set('Authorization', basicCredentials(asString(u), asString(p)));
          if (rt.entry) rt.note('message', 'Authorization header was set (Basic)');
        });
      },
    };
  },
};
