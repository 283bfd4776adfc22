/**
 * rate-limit and quota count per subscription, with optional independent limits for one API and one
 * operation (`<api name|id>` / `<operation name|id>` children; `id` wins over `name`).
 */
import { CODES } from '../runtime/codes.js';
import type { HandshakeState } from '../../model/state.js';
import type { PolicyElement } from '../../policy/tree.js';
import type { CompileContext, ElementSpec } from '../handler.js';

export interface ScopedLimit<T> {
  /** Which counter: '' for the policy's own limit, `api:<id>`, `api:<id>:operation:<id>`. */
  suffix: (state: HandshakeState) => string;
  applies: (state: HandshakeState) => boolean;
  limit: T;
  where: string;
}

export function scopedChildSpecs(limitAttributes: ElementSpec['attributes']): ElementSpec {
  const ident = [
    { name: 'name', expression: false },
    { name: 'id', expression: false },
  ];
  const operation: ElementSpec = { name: 'operation', attributes: [...ident, ...limitAttributes] };
  return { name: 'api', attributes: [...ident, ...limitAttributes], children: [{ element: operation, repeatable: true }] };
}

function literal(el: PolicyElement, name: string): string | undefined {
  const a = el.attributes.find((x) => x.name === name);
  return a?.value.kind === 'literal' ? a.value.text : undefined;
}

function matcher(el: PolicyElement, ctx: CompileContext, kind: 'api' | 'operation'): ((info: { id: string; name: string }) => boolean) | undefined {
  const id = literal(el, 'id');
  const name = literal(el, 'name');
  if (id === undefined && name === undefined) {
    ctx.report('error', CODES.missingAttribute, `<${kind}> needs 'id' or 'name'`, el.loc, el.path);
    return undefined;
  }
  return id !== undefined ? (info) => info.id === id : (info) => info.name === name;
}

/** The policy's own limit and those of its `<api>`/`<operation>` children that apply to this handshake. */
export function scopedLimits<T>(el: PolicyElement, ctx: CompileContext, read: (el: PolicyElement) => T | undefined): ScopedLimit<T>[] {
  const out: ScopedLimit<T>[] = [];
  const own = read(el);
  if (own !== undefined) out.push({ suffix: () => '', applies: () => true, limit: own, where: el.name });
  for (const api of el.children.filter((c) => c.name === 'api')) {
    const isApi = matcher(api, ctx, 'api');
    if (!isApi) continue;
    const apiLimit = read(api);
    if (apiLimit !== undefined) {
      out.push({ suffix: (s) => `api:${s.api.id}`, applies: (s) => isApi(s.api), limit: apiLimit, where: api.path });
    }
    for (const op of api.children.filter((c) => c.name === 'operation')) {
      const isOp = matcher(op, ctx, 'operation');
      const opLimit = read(op);
      if (!isOp || opLimit === undefined) continue;
      out.push({
        suffix: (s) => `api:${s.api.id}:operation:${s.operation.id}`,
        applies: (s) => isApi(s.api) && isOp(s.operation),
        limit: opLimit,
        where: op.path,
      });
    }
  }
  return out;
}

/** The counter key of a per-subscription policy: one counter per subscription and policy placement. */
export function subscriptionCounterKey(kind: string, el: PolicyElement, state: HandshakeState, suffix: string): string {
  const owner = el.scope === 'product' ? `product:${state.product?.id ?? ''}` : el.scope === 'global' ? 'global' : `api:${state.api.id}`;
  return `${kind}:${state.subscription!.id}:${el.scope}:${owner}:${el.path}${suffix ? `:${suffix}` : ''}`;
}
