/**
 * validate-azure-ad-token: validate-jwt specialised for Microsoft Entra ID. Keys and issuer come from
 * the tenant's OpenID metadata at `{authority}/{tenant-id}/v2.0/.well-known/openid-configuration`, where
 * the authority is https://login.microsoftonline.com, or the gateway's `entraAuthority` standing in for
 * Entra ID locally. The caller's `azp`/`appid` must be one of client-application-ids; `aud` one of the
 * audiences or backend-application-ids.
 */
import { defaultClientMessage, JwtFailure } from '../access/jwt-failure.js';
import { compileJwtChildren, JWT_CHILDREN, resolveJwtChildren } from './access/jwt-policy.js';
import { validateJwt, type KeySource } from '../access/jwt-validate.js';
import { JwtValue } from '../expressions/runtime/jwt.js';
import { OpenIdConfigCache } from '../access/openid-config.js';
import './access/options.js';
import { integerAttribute } from './access/policy-numbers.js';
import { refusal } from './access/refusal.js';
import { findToken, type TokenLocation } from '../access/token-source.js';
import type { Step } from './runtime/step.js';
import { asString, evaluateAll } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

const ENTRA = 'https://login.microsoftonline.com';
let sharedCache: OpenIdConfigCache | undefined;

export const validateAzureAdToken: PolicyHandler = {
  name: 'validate-azure-ad-token',
  status: 'supported',
  summary: 'Validates an Entra ID token against the tenant metadata (a configurable local stand-in for Entra ID); 401 on failure',
  sections: ['inbound'],
  attributes: [
    { name: 'tenant-id', required: true, expression: true },
    { name: 'header-name', expression: true },
    { name: 'query-parameter-name', expression: true },
    { name: 'token-value', expression: true },
    { name: 'failed-validation-httpcode', type: 'integer', default: '401', expression: true },
    { name: 'failed-validation-error-message', expression: true },
    { name: 'output-token-variable-name', expression: false },
  ],
  children: [
    { element: JWT_CHILDREN.clientApplicationIds, required: true },
    { element: JWT_CHILDREN.backendApplicationIds },
    { element: JWT_CHILDREN.audiences },
    { element: JWT_CHILDREN.requiredClaims },
    { element: JWT_CHILDREN.decryptionKeys },
  ],
  compile(el, ctx): Step {
    const a = (name: string) => ctx.attr(el, name);
    const values = [a('tenant-id'), a('header-name'), a('query-parameter-name'), a('token-value'), a('failed-validation-httpcode'), a('failed-validation-error-message')];
    const children = compileJwtChildren(el, ctx);
    const appIds = (name: string) => el.children.filter((c) => c.name === name).flatMap((c) => c.children.map((x) => ctx.text(x, 'application-id')!)).filter(Boolean);
    const clientIds = appIds('client-application-ids');
    const backendIds = appIds('backend-application-ids');
    const authority = (ctx.options.entraAuthority ?? ENTRA).replace(/\/+$/, '');
    const cache = ctx.options.openIdCache ?? (sharedCache ??= new OpenIdConfigCache());
    const output = literalOf(el, 'output-token-variable-name');
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `tenant ${literalOf(el, 'tenant-id') ?? '@(…)'}`,
      async run(rt) {
        const [tenant, header, query, value, code, message] = (await evaluateAll(rt, values)).map((v, i) => (values[i] === undefined ? undefined : asString(v)));
        const status = integerAttribute(code ?? '401', 'failed-validation-httpcode', el.name);
        const where: TokenLocation =
          query !== undefined ? { kind: 'query', name: query } : value !== undefined ? { kind: 'value', value } : { kind: 'header', name: header ?? 'Authorization' };
        try {
          const token = findToken(rt.state, where);
          rt.addSecret(token);
          const source = cache.source(`${authority}/${encodeURIComponent(tenant ?? '')}/v2.0/.well-known/openid-configuration`);
          const tenantIssuers: KeySource = {
            keys: source.keys,
            refresh: source.refresh,
            // v2.0 tokens carry the metadata's issuer; v1.0 tokens sts.windows.net's.
            issuers: async () => [...((await source.issuers?.()) ?? []), `https://sts.windows.net/${tenant}/`],
          };
          const resolved = await resolveJwtChildren(rt, children);
          const clients = (await evaluateAll(rt, clientIds)).map(asString);
          const backends = (await evaluateAll(rt, backendIds)).map(asString);
          const audiences = [...resolved.audiences, ...backends.flatMap((id) => [id, `api://${id}`])];
          const jwt = await validateJwt(token, { ...resolved, audiences, keySources: [tenantIssuers], requireExpirationTime: true, requireSignedTokens: true });
          const caller = String(jwt.claims.azp ?? jwt.claims.appid ?? '');
          if (!clients.includes(caller)) {
            throw new JwtFailure('TokenClaimValueNotAllowed', `Client application '${caller}' is not among client-application-ids.`);
          }
          if (output) rt.state.variables.set(output, new JwtValue(jwt.header, jwt.claims, jwt.token));
          if (rt.entry) rt.note('message', `Entra ID token is valid (client application '${caller}')`);
        } catch (err) {
          if (!(err instanceof JwtFailure)) throw err;
          throw refusal(el.name, err.reason, err.message, status, message || defaultClientMessage(err.reason));
        }
      },
    };
  },
};
