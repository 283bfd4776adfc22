/**
 * The sandbox: a policy expression reaches only registered .NET members — never JavaScript objects,
 * prototypes, globals or host APIs — and every evaluation runs under a step, time, recursion and
 * growth budget.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionEvaluationError, sourceFromString } from '../../src/expressions/index.js';
import { stateFromJson } from '../../src/expressions/host/state-from-json.js';
import { evaluate } from './table.js';

/** Each must fail to compile (OH3xx) or fail at run time with a .NET exception — and never reach JS. */
const ESCAPES: string[] = [
  '"".constructor',
  '"".__proto__',
  'context.constructor.constructor("return process")()',
  'context.__proto__',
  '"".prototype',
  'new Function("return 1")',
  'process.exit(1)',
  'globalThis',
  'require("fs")',
  'eval("1")',
  'System.IO.File.ReadAllText("/etc/passwd")',
  'System.Diagnostics.Process.Start("sh")',
  'Type.GetType("System.IO.File")',
  'typeof(string).Assembly',
  '"".GetType().GetMethod("Concat")',
  'Activator.CreateInstance(typeof(object))',
  'Environment.GetEnvironmentVariable("PATH")',
  'AppDomain.CurrentDomain',
  'context.Variables["x"].prototype',
  '((dynamic)context).constructor',
  '((dynamic)"s").toString()',
  '((dynamic)context.Request).state',
  'new System.Net.WebClient().DownloadString("http://127.0.0.1/")',
  'JObject.Parse("{}").constructor',
];

describe('sandbox escapes', () => {
  it.each(ESCAPES)('%s is refused with a clear error', (code) => {
    const state = stateFromJson({ variables: { x: 1 } });
    const got = evaluate(code, state);
    if (got.diagnostic) {
      expect(got.diagnostic).toMatch(/^OH30[0-3]$/);
      expect(got.message).toBeTruthy();
    } else {
      expect(got.throws, `evaluated to ${got.text}`).toBeDefined();
      expect(got.throws).toMatch(/^(Microsoft|System)\./);
    }
  });

  it('covers at least 20 attempts', () => {
    expect(ESCAPES.length).toBeGreaterThanOrEqual(20);
  });

  it('keeps JSON keys named __proto__ as data without touching prototypes', () => {
    const state = stateFromJson({});
    expect(evaluate('JObject.Parse("{\\"__proto__\\":{\\"polluted\\":1}}")["__proto__"]["polluted"].ToString()', state)).toEqual({ text: '1', type: 'System.String' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('evaluation budget', () => {
  const run = (code: string, kind: 'expression' | 'block' = 'block', budget?: { maxSteps?: number; maxMillis?: number }) => {
    const r = compileExpression(sourceFromString(code, kind, 'budget.xml'), budget ? { budget } : {});
    expect(r.diagnostics).toEqual([]);
    try {
      r.evaluator!.evaluate(stateFromJson({}));
      return undefined;
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionEvaluationError);
      return e as ExpressionEvaluationError;
    }
  };

  it('stops while(true){} within the default budget', () => {
    const e = run('while(true){}');
    expect(e?.dotnetType).toBe('System.OperationCanceledException');
    expect(e?.dotnetMessage).toMatch(/budget/);
    expect(e?.line).toBe(1);
  });

  it('stops for(;;) with a configurable step budget', () => {
    const e = run('var n = 0; for (;;) { n++; }', 'block', { maxSteps: 1000 });
    expect(e?.dotnetMessage).toMatch(/1000 steps/);
  });

  it('stops a loop on the wall-time budget', () => {
    const e = run('var s = 0; while (true) { s = (s + 1) % 7; }', 'block', { maxSteps: Number.MAX_SAFE_INTEGER, maxMillis: 20 });
    expect(e?.dotnetMessage).toMatch(/time budget of 20 ms/);
  });

  it('stops runaway recursion of a lambda and of a local function', () => {
    expect(run('Func<int, int> f = null; f = x => f(x + 1); return f(0);')?.dotnetMessage).toMatch(/runaway recursion/);
    expect(run('int F(int x) => F(x + 1); return F(0);')?.dotnetMessage).toMatch(/runaway recursion/);
  });

  it('a C# catch cannot swallow a budget stop', () => {
    expect(run('try { while (true) { } } catch (Exception) { return "caught"; }', 'block', { maxSteps: 500 })?.dotnetType).toBe('System.OperationCanceledException');
  });

  it('caps string growth', () => {
    expect(run('var s = "x"; while (true) s += s; return s;')?.dotnetMessage).toMatch(/string longer than/);
    expect(run('"x".PadLeft(20_000_000)', 'expression')?.dotnetMessage).toMatch(/string longer than/);
    // Past .NET's own maximum string length, .NET's answer: OutOfMemoryException.
    expect(run('new string(\'x\', int.MaxValue)', 'expression')?.dotnetType).toBe('System.OutOfMemoryException');
    expect(run('"x".PadLeft(int.MaxValue)', 'expression')?.dotnetType).toBe('System.OutOfMemoryException');
  });

  it('caps collection growth', () => {
    expect(run('new byte[int.MaxValue]', 'expression')?.dotnetType).toBe('System.OutOfMemoryException');
    expect(run('new byte[20_000_000]', 'expression')?.dotnetMessage).toMatch(/array of 20000000 elements/);
    expect(run('var l = new List<int>(); while (true) l.Add(1); return 0;', 'block', { maxSteps: 10_000_000, maxMillis: 5_000 })?.dotnetMessage).toMatch(/collection larger than|budget/);
  });

  it('one bad evaluation does not affect the next', () => {
    const r = compileExpression(sourceFromString('var i = 0; while (i < 10) i++; return i;', 'block'), { budget: { maxSteps: 100 } });
    expect(r.evaluator!.evaluate(stateFromJson({}))).toBe(10);
    expect(() => compileExpression(sourceFromString('while(true){}', 'block')).evaluator!.evaluate(stateFromJson({}))).toThrow(ExpressionEvaluationError);
    expect(r.evaluator!.evaluate(stateFromJson({}))).toBe(10);
  });
});
