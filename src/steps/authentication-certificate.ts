/**
 * authentication-certificate (top level): the client certificate the gateway presents when it opens a
 * wss:// backend connection that asks for one — by thumbprint or certificate-id from the configuration's
 * `certificates:`, or from `body` (+ `password`), e.g. a PFX read from Key Vault. Inside send-request the
 * same element picks the callout's certificate (callout.ts).
 */
import type { Step } from './runtime/step.js';
import { andThen } from './runtime/values.js';
import { AUTHENTICATION_CERTIFICATE } from './auth-children.js';
import { compileClientCertificate } from './callout.js';
import { policyIdOf, type PolicyHandler } from './handler.js';

export const authenticationCertificate: PolicyHandler = {
  ...AUTHENTICATION_CERTIFICATE,
  status: 'supported',
  summary: 'Client certificate for the wss:// backend connection (thumbprint or certificate-id from certificates:, or body + password)',
  sections: ['inbound'],
  compile(el, ctx): Step {
    const choose = compileClientCertificate(el, ctx);
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      run(rt) {
        return andThen(choose(rt), (certificate) => {
          rt.shared.backendCertificate = certificate;
          if (rt.entry) rt.note('message', `The backend connection will present the client certificate ${certificate.thumbprint ?? ''}`.trimEnd());
        });
      },
    };
  },
};
