/** Running access policies through the real reader, compiler and executor. */
import type { HandshakeInput, HandshakeRun } from '../../../src/steps/runtime/contract.js';
import type { GraphCompileOptions } from '../../../src/steps/runtime/options.js';
import { simulatedInput, type SimulatedHandshake } from '../../../src/graph/simulated-input.js';
import '../../../src/steps/access/options.js';
import { compile, policy } from '../../graph/helpers.js';

export { policy };

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: { statusCode?: number; message?: string } | string;
  run: HandshakeRun;
}

export function graphOf(xml: string, options: GraphCompileOptions = {}) {
  const result = compile(xml, options);
  if (!result.graph) throw new Error(`compile: ${result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return result.graph;
}

export function inputOf(handshake: SimulatedHandshake & { subscription?: string }): HandshakeInput {
  const input = simulatedInput({ serviceUrl: 'ws://backend.test/hub', ...handshake });
  if (handshake.subscription) {
    input.subscription = {
      id: handshake.subscription,
      name: handshake.subscription,
      key: 'k',
      primaryKey: 'k',
      secondaryKey: 'k2',
      createdDate: new Date(0),
      startDate: null,
      endDate: null,
    };
  }
  return input;
}

/** The answer the client gets: 101 (status 101) or the refusal with its JSON body. */
export async function answer(
  graph: ReturnType<typeof graphOf>,
  handshake: SimulatedHandshake & { subscription?: string } = {},
): Promise<Answer> {
  const run = await graph.run(inputOf(handshake), { trace: true });
  if (run.decision.kind === 'connect') return { status: 101, headers: {}, body: '', run };
  const headers = Object.fromEntries([...run.decision.headers].map(([k, v]) => [k.toLowerCase(), v.join(',')]));
  const text = run.decision.body.toString('utf8');
  let body: Answer['body'] = text;
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // not JSON: keep the text
  }
  return { status: run.decision.statusCode, headers, body, run };
}

export function lastError(a: Answer) {
  return a.run.state.lastError;
}
