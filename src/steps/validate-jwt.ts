/**
 * validate-jwt: the token from a header, a query parameter (what browsers' WebSockets use) or an
 * expression, checked for real (signature, lifetime, audience, issuer, claims). A refusal is APIM's
 * error with its LastError.Reason and, unhandled, the failed-validation-httpcode (401) response.
 */
import { defaultClientMessage, JwtFailure } from '../access/jwt-failure.js';
import { compileJwtChildren, JWT_CHILDREN, resolveJwtChildren } from './access/jwt-policy.js';
import { validateJwt } from '../access/jwt-validate.js';
import { JwtValue } from '../expressions/runtime/jwt.js';
import { refusal } from './access/refusal.js';
import { findToken, type TokenLocation } from '../access/token-source.js';
import { PolicyError } from './runtime/errors.js';
import type { Step } from './runtime/step.js';
import { asString, evaluateAll } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

export const validateJwtHandler: PolicyHandler = {
  name: 'validate-jwt',
  status: 'supported',
  summary: 'Validates a JWT from a header, query parameter or expression (HS/RS/PS/ES, JWE, OpenID keys); 401 on failure',
  sections: ['inbound'],
  attributes: [
    { name: 'header-name', expression: true },
    { name: 'query-parameter-name', expression: true },
    { name: 'token-value', expression: true },
    { name: 'failed-validation-httpcode', type: 'integer', default: '401', expression: true },
    { name: 'failed-validation-error-message', expression: true },
    { name: 'require-expiration-time', type: 'boolean', default: 'true', expression: true },
    { name: 'require-scheme', expression: true },
    { name: 'require-signed-tokens', type: 'boolean', default: 'true', expression: true },
    { name: 'clock-skew', type: 'integer', default: '0', expression: true },
    { name: 'output-token-variable-name', expression: false },
  ],
  oneOf: ['header-name', 'query-parameter-name', 'token-value'],
  children: [
    { element: JWT_CHILDREN.openIdConfig, repeatable: true },
    { element: JWT_CHILDREN.issuerSigningKeys },
    { element: JWT_CHILDREN.decryptionKeys },
    { element: JWT_CHILDREN.audiences },
    { element: JWT_CHILDREN.issuers },
    { element: JWT_CHILDREN.requiredClaims },
  ],
  compile(el, ctx): Step {
    const a = (name: string) => ctx.attr(el, name);
    const values = [
      a('header-name'),
      a('query-parameter-name'),
      a('token-value'),
      a('failed-validation-httpcode'),
      a('failed-validation-error-message'),
      a('require-expiration-time'),
      a('require-scheme'),
      a('require-signed-tokens'),
      a('clock-skew'),
    ];
    const children = compileJwtChildren(el, ctx);
    const output = literalOf(el, 'output-token-variable-name');
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: literalOf(el, 'query-parameter-name') ? `query ${literalOf(el, 'query-parameter-name')}` : literalOf(el, 'header-name') ?? 'token-value',
      async run(rt) {
        const [header, query, value, code, message, requireExp, scheme, requireSigned, skew] = await evaluateAll(rt, values);
        const status = integer(asString(code), 'failed-validation-httpcode', el.name);
        const where: TokenLocation =
          values[0] !== undefined
            ? { kind: 'header', name: asString(header), ...(asString(scheme) ? { requireScheme: asString(scheme) } : {}) }
            : values[1] !== undefined
              ? { kind: 'query', name: asString(query) }
              : { kind: 'value', value: asString(value) };
        try {
          const token = findToken(rt.state, where);
          rt.addSecret(token);
          const resolved = await resolveJwtChildren(rt, children);
          const jwt = await validateJwt(token, {
            ...resolved,
            keySources: children.keySources,
            requireExpirationTime: bool(asString(requireExp)),
            requireSignedTokens: bool(asString(requireSigned)),
            clockSkewSeconds: integer(asString(skew), 'clock-skew', el.name),
          });
          if (output) rt.state.variables.set(output, new JwtValue(jwt.header, jwt.claims, jwt.token));
          if (rt.entry) rt.note('message', `JWT is valid (alg ${String(jwt.header.alg)}, sub '${String(jwt.claims.sub ?? '')}')`);
        } catch (err) {
          if (!(err instanceof JwtFailure)) throw err;
          const clientMessage = asString(message) || defaultClientMessage(err.reason);
          throw refusal(el.name, err.reason, err.message, status, clientMessage);
        }
      },
    };
  },
};

function bool(text: string): boolean {
  return text.trim().toLowerCase() !== 'false';
}

function integer(text: string, attribute: string, source: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n)) throw new PolicyError(source, 'ExpressionValueEvaluationFailure', `'${attribute}' must be an integer, not '${text}'.`);
  return n;
}
