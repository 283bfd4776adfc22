/**
 * Diagnostics and run-time errors point at the policy file's line and column of the failing
 * sub-expression, through the reader's ExpressionSource.position.
 */
import { describe, expect, it } from 'vitest';
import { readPolicyText } from '../../src/policy/index.js';
import type { ExpressionSource, PolicyElement } from '../../src/policy/tree.js';
import { compileExpression, ExpressionEvaluationError, sourceFromString } from '../../src/expressions/index.js';
import { stateFromJson } from '../../src/expressions/host/state-from-json.js';

const POLICY = `<policies>
  <inbound>
    <set-variable name="a" value="@(context.Request.Headers.GetValueOrDefault(&quot;X&quot;).Length)" />
    <set-variable name="b" value="@{
        var r = (IResponse)context.Variables[&quot;missing&quot;];
        return r.StatusCode;
    }" />
    <set-variable name="c" value="@(context.Request.Nope)" />
    <set-variable name="d" value="@(&quot;x&quot; +)" />
  </inbound>
</policies>`;

function expressions(): ExpressionSource[] {
  const r = readPolicyText(POLICY, 'policy.xml');
  const out: ExpressionSource[] = [];
  const walk = (el: PolicyElement) => {
    for (const a of el.attributes) if (a.value.kind === 'expression') out.push(a.value.expression);
    el.children.forEach(walk);
  };
  r.document!.sections.inbound.forEach(walk);
  return out;
}

function failure(source: ExpressionSource): ExpressionEvaluationError {
  const r = compileExpression(source);
  try {
    r.evaluator!.evaluate(stateFromJson({}));
  } catch (e) {
    return e as ExpressionEvaluationError;
  }
  throw new Error('expected a failure');
}

describe('locations in the policy file', () => {
  const [a, b, c, d] = expressions();

  it('a NullReferenceException points at the member access on null', () => {
    const e = failure(a!);
    expect(e).toMatchObject({ dotnetType: 'System.NullReferenceException', file: 'policy.xml', line: 3 });
    // `.Length` follows the call's closing parenthesis.
    expect(POLICY.split('\n')[2]!.slice(e.column - 1)).toMatch(/^\.Length/);
  });

  it('a KeyNotFoundException inside a block points at the indexer, on its own line', () => {
    const e = failure(b!);
    expect(e).toMatchObject({ dotnetType: 'System.Collections.Generic.KeyNotFoundException', line: 5 });
    expect(POLICY.split('\n')[4]!.slice(e.column - 1)).toMatch(/^\[&quot;missing/);
    expect(e.reason).toBe('ExpressionValueEvaluationFailure');
  });

  it('an unsupported member is an OH301 diagnostic at the member', () => {
    const r = compileExpression(c!);
    expect(r.diagnostics[0]).toMatchObject({ code: 'OH301', file: 'policy.xml', line: 8, severity: 'error' });
    expect(POLICY.split('\n')[7]!.slice(r.diagnostics[0]!.column - 1)).toMatch(/^Nope/);
    expect(r.diagnostics[0]!.message).toMatch(/IRequest.*Nope/);
  });

  it('an exception inside a LINQ lambda points into the lambda', () => {
    const source = sourceFromString('new[] { "a", null }\n  .Select(s => s.Length)\n  .Sum()', 'expression', 'inline.xml', { line: 10, column: 5 });
    const e = failure(source);
    expect(e).toMatchObject({ dotnetType: 'System.NullReferenceException', file: 'inline.xml', line: 11, column: 17 });
  });

  it('a syntax error is an OH300 diagnostic', () => {
    const r = compileExpression(d!);
    expect(r.diagnostics[0]).toMatchObject({ code: 'OH300', file: 'policy.xml', line: 9 });
  });
});
