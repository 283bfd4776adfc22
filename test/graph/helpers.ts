/** Test helpers: read policy XML with the real reader, compile it, run one simulated handshake. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readPolicyText } from '../../src/policy/index.js';
import type { PolicySections } from '../../src/policy/tree.js';
import { compileSections, type CompileResult } from '../../src/graph/compile.js';
import type { HandshakeRun, RunOptions } from '../../src/steps/runtime/contract.js';
import type { GraphCompileOptions } from '../../src/steps/runtime/options.js';
import { simulatedInput, type SimulatedHandshake } from '../../src/graph/simulated-input.js';

export function sectionsOf(xml: string, file = 'test.xml'): PolicySections {
  const r = readPolicyText(xml, file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.document || errors.length > 0) throw new Error(`reader: ${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return r.document.sections;
}

/** `<policies>` with the given inbound (and on-error) content. */
export function policy(inbound: string, onError = ''): string {
  return `<policies>\n<inbound>\n${inbound}\n</inbound>\n<backend><base /></backend>\n<outbound />\n<on-error>\n${onError}\n</on-error>\n</policies>`;
}

export function compile(xml: string, options: GraphCompileOptions = {}): CompileResult {
  return compileSections(sectionsOf(xml), options);
}

export async function run(
  xml: string,
  handshake: SimulatedHandshake = {},
  runOptions: RunOptions = {},
  options: GraphCompileOptions = {},
): Promise<HandshakeRun> {
  const result = compile(xml, options);
  if (!result.graph) throw new Error(`compile: ${result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return result.graph.run(simulatedInput({ serviceUrl: 'ws://backend.test/hub', ...handshake }), { trace: true, ...runOptions });
}

export interface Arrival {
  at: number;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  url: string;
  arrivals: Arrival[];
  /** Ordered log of events (`arrive:<path>`, `respond:<path>`) as the server saw them. */
  events: string[];
  close(): Promise<void>;
}

let sequence = 0;

/** An HTTP server on 127.0.0.1 that records each request before calling the handler. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const arrivals: Arrival[] = [];
  const events: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      arrivals.push({ at: ++sequence, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      events.push(`arrive:${req.url}`);
      res.on('finish', () => events.push(`respond:${req.url}`));
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
