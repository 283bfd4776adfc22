/**
 * The jsonata dialect: evaluated asynchronously against the JSON view of the context; syntax errors
 * located like C# ones; a budget applies.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, dotnet, ExpressionEvaluationError, sourceFromString } from '../../src/expressions/index.js';
import { stateFromJson } from '../../src/expressions/host/state-from-json.js';

const state = () =>
  stateFromJson({
    request: { url: 'wss://contoso.example.net/chat?id=7&id=8&x=y', headers: { Authorization: 'Bearer t', 'X-Test': 'a' } },
    variables: {
      negotiate: { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: { url: 'https://signalr/client/?hub=chat', accessToken: 'tok' } },
      name: 'bob',
      n: 3,
    },
  });

async function run(code: string) {
  const r = compileExpression(sourceFromString(code, 'jsonata', 'policy.xml'));
  expect(r.diagnostics).toEqual([]);
  expect(r.evaluator!.isAsync).toBe(true);
  const v = await r.evaluator!.evaluate(state());
  return { text: v === null ? null : dotnet.toString(v), type: dotnet.typeName(v) };
}

describe('jsonata dialect', () => {
  it.each([
    ['request.method', 'GET', 'System.String'],
    ['request.url', 'wss://contoso.example.net/chat?id=7&id=8&x=y', 'System.String'],
    ['request.path', '/chat', 'System.String'],
    ['request.query.x', 'y', 'System.String'],
    ['request.query.id', '7,8', 'System.String'],
    ['request.headers.authorization', 'Bearer t', 'System.String'],
    ['$substringAfter(request.headers.authorization, "Bearer ")', 't', 'System.String'],
    ['variables.negotiate.statusCode', '200', 'System.Int32'],
    ['variables.negotiate.body.url', 'https://signalr/client/?hub=chat', 'System.String'],
    ['variables.negotiate.body.accessToken & "!"', 'tok!', 'System.String'],
    ['variables.n * 1.5', '4.5', 'System.Double'],
    ['variables.name = "bob"', 'True', 'System.Boolean'],
    ['variables.missing', null, 'null'],
    ['{"a": variables.n}', '{\n  "a": 3\n}', 'Newtonsoft.Json.Linq.JObject'],
    ['[1, 2]', '[\n  1,\n  2\n]', 'Newtonsoft.Json.Linq.JArray'],
    ['deployment.region', 'local', 'System.String'],
  ])('%s', async (code, text, type) => {
    expect(await run(code)).toEqual({ text, type });
  });

  it('reports a syntax error with a location in the policy file', () => {
    const source = sourceFromString('request.method =', 'jsonata', 'policy.xml', { line: 12, column: 30 });
    const r = compileExpression(source);
    expect(r.evaluator).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'OH300', file: 'policy.xml', line: 12, severity: 'error' });
    expect(r.diagnostics[0]!.column).toBeGreaterThanOrEqual(30);
  });

  it('raises run-time errors as ExpressionEvaluationError', async () => {
    const r = compileExpression(sourceFromString('$number("x") + "a"', 'jsonata'));
    await expect(r.evaluator!.evaluate(state())).rejects.toBeInstanceOf(ExpressionEvaluationError);
  });

  it('stops a runaway expression with the budget', async () => {
    const r = compileExpression(sourceFromString('($f := function($n) { $f($n + 1) }; $f(0))', 'jsonata'), { budget: { maxSteps: 5000 } });
    await expect(r.evaluator!.evaluate(state())).rejects.toMatchObject({ dotnetType: 'System.OperationCanceledException' });
  });
});
