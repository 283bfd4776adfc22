/**
 * Table-test helper: compile one C# expression (or `@{ }` block body) with the real engine, evaluate it
 * against a fresh handshake state, and report what .NET would show: ToString(), the runtime type name,
 * or the exception type and message.
 */
import { compileExpression, dotnet, sourceFromString } from '../../../src/expressions/index.js';
import { createState } from '../../../src/graph/create-state.js';
import { HeaderBag } from '../../../src/common/headers.js';
import type { HandshakeState } from '../../../src/model/state.js';

export type Outcome = { text: string; type: string } | { error: string; message: string };

export function freshState(headers: Record<string, string> = {}): HandshakeState {
  const bag = new HeaderBag();
  for (const [k, v] of Object.entries(headers)) bag.set(k, v);
  return createState(
    {
      method: 'GET',
      url: 'ws://127.0.0.1:8080/chat?room=a',
      headers: bag,
      ipAddress: '127.0.0.1',
      api: {
        id: 'chat',
        name: 'chat',
        path: 'chat',
        serviceUrl: 'ws://127.0.0.1:9000',
        protocols: ['ws'],
        revision: '1',
        version: '',
        isCurrentRevision: true,
        subscriptionKeyParameterNames: { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' },
      },
      product: null,
      subscription: null,
      user: null,
      deployment: { region: 'local', serviceName: 'local', serviceId: 'local', gatewayId: 'local' },
    },
    false,
    null,
  );
}

/** Evaluates `code`: an expression, or a block body when it contains `return`. */
export function evaluate(code: string, state: HandshakeState = freshState()): Outcome {
  const kind = /\breturn\b/.test(code) ? 'block' : 'expression';
  const result = compileExpression(sourceFromString(code, kind));
  if (!result.evaluator) {
    throw new Error(`compile failed for ${code}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  }
  try {
    const value = blocking(result.evaluator).call(result.evaluator, state);
    return { text: dotnet.toString(value), type: value === null || value === undefined ? 'null' : dotnet.typeName(value) };
  } catch (e) {
    const err = e as { dotnetType?: string; dotnetMessage?: string; message: string };
    if (!err.dotnetType) throw e;
    return { error: err.dotnetType, message: err.dotnetMessage ?? err.message };
  }
}

/** As `evaluate`, through the gateway's entry (`evaluate`, which may defer a regex to the worker pool). */
export async function evaluateAsGateway(code: string, state: HandshakeState = freshState()): Promise<Outcome> {
  const kind = /\breturn\b/.test(code) ? 'block' : 'expression';
  const result = compileExpression(sourceFromString(code, kind));
  if (!result.evaluator) throw new Error(`compile failed for ${code}`);
  try {
    const value = await result.evaluator.evaluate(state);
    return { text: dotnet.toString(value), type: value === null || value === undefined ? 'null' : dotnet.typeName(value) };
  } catch (e) {
    const err = e as { dotnetType?: string; dotnetMessage?: string; message: string };
    if (!err.dotnetType) throw e;
    return { error: err.dotnetType, message: err.dotnetMessage ?? err.message };
  }
}

/** A table row: expression → [ToString(), .NET type] or an expected exception. */
export type Row = [code: string, expected: [text: string, type: string] | { throws: string; message?: string }];

export function check(row: Row): { got: Outcome; want: Outcome | { error: string; message?: string } } {
  const [code, expected] = row;
  const got = evaluate(code);
  if (Array.isArray(expected)) return { got, want: { text: expected[0], type: expected[1] } };
  if ('error' in got && expected.message === undefined) return { got: { error: got.error, message: '' }, want: { error: expected.throws, message: '' } };
  return { got, want: { error: expected.throws, message: expected.message ?? '' } };
}

/** The synchronous entry of C# evaluators (a pooled regex blocks, bounded), else `evaluate`. */
function blocking(e: { evaluate(s: HandshakeState): unknown }): (s: HandshakeState) => unknown {
  return (e as { evaluateBlocking?: (s: HandshakeState) => unknown }).evaluateBlocking ?? e.evaluate;
}
