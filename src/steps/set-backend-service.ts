/**
 * set-backend-service: replaces the backend base URL (`base-url`, or `backend-id` looked up in the
 * configured backends). Path and query of the request are kept (reference §1.6). The Service Fabric
 * and Dapr attributes are APIM features this engine does not emulate: they are reported at compile time.
 */
import { CODES } from './runtime/codes.js';
import { PolicyError } from './runtime/errors.js';
import { lookup } from './runtime/options.js';
import type { CompiledValue, Step } from './runtime/step.js';
import { unresolvedUrlError } from './runtime/url.js';
import { asString, andThen } from './runtime/values.js';
import { isAbsoluteUrl, policyIdOf, type PolicyHandler } from './handler.js';

const SERVICE_FABRIC = ['sf-resolve-condition', 'sf-service-instance-name', 'sf-partition-key', 'sf-replica-type', 'sf-listener-name', 'dapr-app-id', 'dapr-method', 'dapr-namespace'];

export const setBackendService: PolicyHandler = {
  name: 'set-backend-service',
  status: 'supported',
  summary: 'Replaces the backend base URL (base-url, or backend-id from the configured backends)',
  sections: ['inbound', 'backend'],
  attributes: [
    { name: 'base-url', expression: true },
    { name: 'backend-id', expression: true },
    ...SERVICE_FABRIC.map((name) => ({ name, expression: true })),
  ],
  oneOf: ['base-url', 'backend-id'],
  compile(el, ctx): Step {
    for (const a of el.attributes) {
      if (SERVICE_FABRIC.includes(a.name)) {
        ctx.report('error', CODES.notYetSupported, `'${a.name}' (Service Fabric / Dapr backends) is not supported by this version of onhandshake`, a.loc, el.path);
      }
    }
    const baseUrl = ctx.attr(el, 'base-url');
    if (baseUrl?.literal !== undefined && !isAbsoluteUrl(baseUrl.literal, ['ws:', 'wss:', 'http:', 'https:'])) {
      const a = el.attributes.find((x) => x.name === 'base-url')!;
      ctx.report('error', CODES.badAttributeValue, `'base-url' must be an absolute ws://, wss://, http:// or https:// URL, not '${baseUrl.literal}'`, a.value.loc, el.path);
    }
    const baseUrlAt = el.attributes.find((x) => x.name === 'base-url')?.value.loc;
    const backendId = ctx.attr(el, 'backend-id');
    if (backendId?.literal !== undefined && ctx.options.backends !== undefined && lookup(ctx.options.backends, backendId.literal) === undefined) {
      const a = el.attributes.find((x) => x.name === 'backend-id')!;
      ctx.report('error', CODES.badConfiguration, `backend '${backendId.literal}' is not configured (configure it under backends)`, a.value.loc, el.path);
    }
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: baseUrl ? `base-url=${shown(baseUrl)}` : `backend-id=${backendId ? shown(backendId) : ''}`,
      run(rt) {
        if (baseUrl) {
          return andThen(rt.evaluate(baseUrl), (v) => {
            const url = asString(v);
            const unresolved = unresolvedUrlError(el.name, 'base-url', url, baseUrlAt);
            if (unresolved) throw unresolved;
            rt.state.backendBaseUrl = url;
            if (rt.entry) rt.note('backend', { baseUrl: rt.state.backendBaseUrl });
          });
        }
        return andThen(rt.evaluate(backendId!), (v) => {
          const id = asString(v);
          const url = lookup(rt.options.backends, id);
          if (url === undefined) throw new PolicyError(el.name, 'BackendNotFound', `Backend with id '${id}' could not be found.`);
          rt.state.backendBaseUrl = url;
          if (rt.entry) rt.note('backend', { backendId: id, baseUrl: url });
        });
      },
    };
  },
};

/** The URL as `graph` shows it: the literal, or the expression's text (cut to one short line). */
function shown(v: CompiledValue): string {
  if (!v.evaluator) return v.literal ?? '';
  const code = v.evaluator.source.code.replace(/\s+/g, ' ').trim();
  return `@(${code.length > 60 ? `${code.slice(0, 59)}…` : code})`;
}
