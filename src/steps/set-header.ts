/**
 * set-header: in inbound/backend it edits the headers sent to the backend; in outbound/on-error the
 * response to the caller. Several values become one comma-joined header, except for headers whose
 * values may hold commas or dates, which APIM sends as repeated lines (reference §2.5).
 */
import { HeaderBag } from '../common/headers.js';
import { isSensitiveHeader, maskHeaderValue } from '../common/mask.js';
import type { RunContext } from './runtime/run-context.js';
import type { CompiledValue, Step } from './runtime/step.js';
import { asString, evaluateAll, andThen } from './runtime/values.js';
import type { PolicyElement } from '../policy/tree.js';
import { EXISTS_ACTIONS, resolveValues, toExistsAction } from './exists-action.js';
import { policyIdOf, type CompileContext, type PolicyHandler } from './handler.js';
import { VALUE_ELEMENT } from './value-child.js';

/** Headers APIM emits as repeated lines rather than one comma-joined line. */
const REPEATED_LINE_HEADERS = new Set([
  'user-agent', 'www-authenticate', 'proxy-authenticate', 'cookie', 'set-cookie', 'warning',
  'date', 'expires', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'retry-after',
]);

export const SET_HEADER_SPEC = {
  name: 'set-header',
  attributes: [
    { name: 'name', required: true, expression: true },
    { name: 'exists-action', default: 'override', values: EXISTS_ACTIONS, expression: true },
  ],
  children: [{ element: VALUE_ELEMENT, repeatable: true }],
} as const;

/** A compiled set-header: reused by send-request and return-response children. */
export interface HeaderEdit {
  name: CompiledValue;
  action: CompiledValue;
  values: CompiledValue[];
}

export function compileHeaderEdit(el: PolicyElement, ctx: CompileContext): HeaderEdit {
  return {
    name: ctx.attr(el, 'name')!,
    action: ctx.attr(el, 'exists-action')!,
    values: el.children.filter((c) => c.name === 'value').map((c) => ctx.text(c, 'value') ?? { label: 'value', literal: '', secret: false }),
  };
}

/** Applies the edit to a header bag; returns what happened, for the trace. */
export function applyHeaderEdit(rt: RunContext, edit: HeaderEdit, bag: HeaderBag): void | Promise<void> {
  const mark = rt.expressionMark();
  return andThen(evaluateAll(rt, [edit.name, edit.action, ...edit.values]), ([name, action, ...values]) => {
    const headerName = asString(name);
    if (rt.entry && isSensitiveHeader(headerName)) rt.maskExpressionsSince(mark, (v) => maskHeaderValue(headerName, v));
    const act = toExistsAction(rt.step?.name ?? 'set-header', asString(action));
    const texts = values.map(asString);
    const result = resolveValues(act, bag.getAll(headerName), texts);
    if (result === undefined) bag.delete(headerName);
    else if (result !== null) {
      const lines = REPEATED_LINE_HEADERS.has(headerName.toLowerCase()) || result.length <= 1 ? result : [result.join(',')];
      bag.set(headerName, lines.length === 0 ? [''] : lines);
    }
    if (rt.entry) {
      rt.note('header', { name: headerName, action: act, ...(result === null ? { skipped: 'header exists' } : {}), value: bag.getAll(headerName)?.map((v) => maskHeaderValue(headerName, v)) ?? null });
    }
  });
}

export const setHeader: PolicyHandler = {
  ...SET_HEADER_SPEC,
  status: 'supported',
  summary: 'Sets, appends, skips or deletes a header of the backend request (inbound) or of the response (on-error); several <value>s',
  compile(el, ctx): Step {
    const edit = compileHeaderEdit(el, ctx);
    const onResponse = ctx.section === 'outbound' || ctx.section === 'on-error';
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: describeEdit(el),
      run(rt) {
        if (!onResponse) return applyHeaderEdit(rt, edit, rt.state.request.headers);
        const response = (rt.state.response ??= { statusCode: 200, statusReason: 'OK', headers: new HeaderBag() });
        return applyHeaderEdit(rt, edit, response.headers);
      },
    };
  },
};

export function describeEdit(el: PolicyElement): string {
  const name = el.attributes.find((a) => a.name === 'name');
  const action = el.attributes.find((a) => a.name === 'exists-action');
  const show = (v: PolicyElement['attributes'][number] | undefined) => (v ? (v.value.kind === 'literal' ? v.value.text : '@(…)') : undefined);
  return `${show(name) ?? '?'} (${show(action) ?? 'override'})`;
}
