/**
 * get-authorization-context: the access token of a credential manager connection, as an
 * `Authorization` object in `context-variable-name`. Connections come from the configuration's
 * `authorizations:` (src/steps/access/credential-manager.ts, a local stand-in for API Management's
 * credential manager). A failure is APIM's 500 through on-error, or null in the variable with
 * ignore-error="true".
 */
import { AuthorizationFailure, type AuthorizationIdentity } from './access/credential-manager.js';
import { parseCompactJwt } from '../access/jwt-parse.js';
import { AuthorizationValue } from '../expressions/runtime/authorization.js';
import { PolicyError } from './runtime/errors.js';
import type { Step } from './runtime/step.js';
import { asString, conditionOf, evaluateAll } from './runtime/values.js';
import { ID_ATTRIBUTE, policyIdOf, type PolicyHandler } from './handler.js';

export const getAuthorizationContext: PolicyHandler = {
  name: 'get-authorization-context',
  status: 'supported',
  summary: "A credential manager connection's access token in a variable (connections from the configuration's authorizations:)",
  sections: ['inbound'],
  attributes: [
    { name: 'provider-id', required: true, expression: true },
    { name: 'authorization-id', required: true, expression: true },
    { name: 'context-variable-name', required: true, expression: true },
    { name: 'identity-type', default: 'managed', values: ['managed', 'jwt'], expression: true },
    { name: 'identity', expression: true },
    { name: 'ignore-error', default: 'false', type: 'boolean', expression: true },
    ID_ATTRIBUTE,
  ],
  compile(el, ctx): Step {
    const values = ['provider-id', 'authorization-id', 'context-variable-name', 'identity-type', 'identity', 'ignore-error'].map((n) => ctx.attr(el, n));
    const ignoreErrorValue = values[5]!;
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: 'authorization',
      async run(rt) {
        const [provider, authorization, variable, identityType, identity, ignoreError] = await evaluateAll(rt, values);
        const providerId = asString(provider);
        const authorizationId = asString(authorization);
        const name = asString(variable);
        try {
          const who = identityOf(asString(identityType), asString(identity));
          const manager = rt.options.credentials;
          if (!manager) throw new AuthorizationFailure('AuthorizationNotFound', `Authorization '${authorizationId}' of provider '${providerId}' was not found: no authorizations are configured (authorizations: in the configuration).`);
          const result = await manager.authorize(providerId, authorizationId, who, rt.callouts, rt.signal);
          rt.addSecret(result.accessToken);
          rt.state.variables.set(name, new AuthorizationValue(result.accessToken, result.claims));
          if (rt.entry) rt.note('message', `Authorization '${authorizationId}' of provider '${providerId}' stored in variable '${name}'`);
        } catch (err) {
          if (!(err instanceof AuthorizationFailure)) throw err;
          if (conditionOf(ignoreErrorValue, ignoreError)) {
            rt.state.variables.set(name, null);
            if (rt.entry) rt.note('message', `${err.message} Variable '${name}' set to null (ignore-error).`);
            return;
          }
          throw new PolicyError(el.name, err.reason, err.message);
        }
      },
    };
  },
};

/** The identity checked against the connection's access policy: the gateway's own, or a JWT's `oid`. */
function identityOf(type: string, token: string): AuthorizationIdentity {
  const kind = type.trim().toLowerCase();
  if (kind === 'managed') return { type: 'managed' };
  if (kind !== 'jwt') throw new AuthorizationFailure('PolicyConfigurationError', `'identity-type' must be managed or jwt, not '${type}'.`);
  if (token.trim() === '') throw new AuthorizationFailure('AuthorizationAccessDenied', "identity-type=\"jwt\" needs a JWT bearer token in 'identity'.");
  let oid: unknown;
  try {
    const parts = parseCompactJwt(token.trim().replace(/^Bearer\s+/i, ''));
    oid = parts.kind === 'jws' ? parts.payload['oid'] : undefined;
  } catch {
    throw new AuthorizationFailure('AuthorizationAccessDenied', "The 'identity' token is not a JWT.");
  }
  return { type: 'jwt', objectId: typeof oid === 'string' ? oid : undefined };
}
