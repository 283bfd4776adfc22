/**
 * `onhandshake trace POLICY [--url U] [--header 'K: V']… [--named-values F] [--fragments DIR]
 *   [--mock F] [--allow-network] [--backend URL] [--client-ip IP] [--subscription-key K] [--region R]
 *   [--format text|json]`, or `onhandshake trace --config F [--url U] …` (the API the URL routes to)
 * Runs one simulated handshake through the policy, without a client, and prints the decision and
 * the trace. Exit 0: the handshake was decided without error; 1: compile errors, a handshake the
 * gateway refuses before the policy (--config), or the run ended in an error (context.LastError set,
 * printed located on stderr); 2: usage errors (bad option, unreadable mock file).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { NAMED_VALUE_OPTIONS, parseCommandLine, usageError, type CommandDescription } from './command-line.js';
import { maskUrl } from '../common/mask.js';
import type { CalloutClient, HandshakeInput, HandshakeTrace, StepGraph } from '../steps/runtime/contract.js';
import { loadMockFile, MockCalloutClient, MockFileError } from '../graph/mock-callouts.js';
import { DEFAULT_HANDSHAKE_URL, simulatedInput } from '../graph/simulated-input.js';
import { renderTrace } from '../graph/trace-render.js';
import { defaultCalloutClient } from '../graph/undici-callouts.js';
import { recordTo } from '../testing/record.js';
import { configuredHandshake } from './trace-config.js';
import { APIOPS_API_HELP, APIOPS_API_OPTIONS, loadCommandPolicy } from './apiops-options.js';

const USAGE = `usage: onhandshake trace POLICY [options]
       onhandshake trace --config onhandshake.yaml --url ws://host/<api path> [options]
       onhandshake trace --apiops DIR --api NAME [--apiops-config F] [options]

Runs one simulated WebSocket handshake through an onHandshake policy and prints the decision
(connect: the backend URL and headers; respond: the HTTP answer) and every step it took.

  --url URL            the URL the client called (default ${DEFAULT_HANDSHAKE_URL})
  --header 'K: V'      a request header (repeatable)
  --backend URL        the API's WebSocket URL, before set-backend-service (default ws://backend.invalid/)
  --client-ip IP       the caller's address (context.Request.IpAddress, ip-filter; default 127.0.0.1)
  --subscription-key K the key the client sends (Ocp-Apim-Subscription-Key header, context.Subscription)
  --region R           context.Deployment.Region (default local, or the configuration's)
  --config F           run the API the URL routes to as serve would: its merged policy for the
                       subscription's product, the configured named values, backends, deployment
  --named-value N=V    a named value (repeatable; wins over --named-values and ONHANDSHAKE_NV_*)
  --named-values F     JSON or YAML named values ({"name": "value"} or {"name": {"value", "secret"}})
  --fragments DIR      folder holding <fragment-id>.xml for include-fragment
  --mock F             answer send-requests from F (YAML/JSON list of {method, url, status, headers,
                       body, delay, fail}); see docs/trace.md
  --allow-network      let send-requests no mock matches go to the network (otherwise they fail)
  --record F           save every callout exchange as a mock file F (replay it with --mock F)
  --format text|json   readable tree (default) or the full trace as JSON
${APIOPS_API_HELP}
`;

const COMMAND: CommandDescription = {
  name: 'trace',
  usage: USAGE,
  exitCodes: {
    0: 'the handshake was decided without error',
    1: 'compile errors, a handshake the gateway refuses before the policy (--config), or the run ended in an error (context.LastError set)',
    2: 'usage error (bad option, unreadable mock file)',
  },
  formats: { text: [], json: [] },
};

export default async function trace(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, {
      url: { type: 'string' },
      header: { type: 'string', multiple: true },
      backend: { type: 'string' },
      'client-ip': { type: 'string' },
      'subscription-key': { type: 'string' },
      region: { type: 'string' },
      config: { type: 'string' },
      ...NAMED_VALUE_OPTIONS,
      fragments: { type: 'string' },
      mock: { type: 'string' },
      'allow-network': { type: 'boolean' },
      record: { type: 'string' },
      format: { type: 'string', default: 'text' },
      ...APIOPS_API_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const modes = [positionals.length > 0, values.config !== undefined, values.apiops !== undefined].filter(Boolean).length;
  if (modes > 1) return usage('give one of a policy file, --config F or --apiops DIR --api NAME');
  if (values.apiops !== undefined) {
    if (values.api === undefined) return usage('--apiops needs --api NAME (the API folder to trace)');
  } else if (values.config === undefined && positionals.length !== 1) return usage('give exactly one policy file');
  if (values.config !== undefined && (values['named-values'] || values['named-value'] || values.fragments || values.backend)) return usage('--named-values, --fragments and --backend come from the configuration with --config');
  const url = values.url ?? DEFAULT_HANDSHAKE_URL;
  try {
    const u = new URL(url);
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(u.protocol)) return usage(`--url ${url}: use ws://, wss://, http:// or https://`);
  } catch {
    return usage(`--url ${url}: not an absolute URL`);
  }
  const headers: Array<[string, string]> = [];
  for (const h of values.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) return usage(`--header '${h}': expected 'Name: value'`);
    headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
  }

  const clientIp = values['client-ip'];
  if (clientIp !== undefined && isIP(clientIp) === 0) return usage(`--client-ip ${clientIp}: not an IPv4 or IPv6 address`);
  if (values.region !== undefined && values.region.trim() === '') return usage('--region needs a name');
  if (values['subscription-key'] !== undefined && values['subscription-key'].trim() === '') return usage('--subscription-key needs a key');
  const given = {
    ...(values['subscription-key'] !== undefined ? { subscriptionKey: values['subscription-key'].trim() } : {}),
    ...(values.region !== undefined ? { region: values.region.trim() } : {}),
  };

  const network = defaultCalloutClient();
  let callouts: CalloutClient = network;
  let mocks: MockCalloutClient | undefined;
  if (values.mock !== undefined) {
    try {
      mocks = new MockCalloutClient(loadMockFile(values.mock), values['allow-network'] ? network : undefined);
    } catch (e) {
      if (e instanceof MockFileError) return usage(e.message);
      throw e;
    }
    callouts = mocks;
  }
  if (values.record !== undefined) callouts = recordTo(values.record, callouts);

  let graph: StepGraph;
  let input: HandshakeInput;
  let secrets: readonly string[];
  let sources: ReadonlyMap<string, string> = new Map();
  if (values.config !== undefined) {
    const simulated = simulatedInput({ url, headers, ...(clientIp !== undefined ? { ipAddress: clientIp } : {}), ...given });
    const configured = await configuredHandshake(values.config, { ...simulated, subscription: null }, callouts, given);
    if (typeof configured === 'string') {
      process.stderr.write(`onhandshake trace: ${configured}\n`);
      await network.close();
      return 1;
    }
    ({ graph, input, secrets } = configured);
  } else {
    const loaded = await loadCommandPolicy(values, positionals[0]);
    if (!loaded.compiled?.graph) {
      await network.close();
      return 1;
    }
    graph = loaded.compiled.graph;
    const estateApi = loaded as { serviceUrl?: string; product?: string; path?: string };
    const serviceUrl = values.backend ?? estateApi.serviceUrl;
    // An estate's API is called at its own path unless --url says otherwise.
    const handshakeUrl = values.url ?? (estateApi.path ? new URL(estateApi.path, DEFAULT_HANDSHAKE_URL).href : url);
    if (estateApi.product) process.stderr.write(`trace: API '${values.api}' through its product '${estateApi.product}'\n`);
    input = simulatedInput({
      url: handshakeUrl,
      headers,
      ...(serviceUrl ? { serviceUrl } : {}),
      ...(estateApi.path ? { apiPath: estateApi.path.replace(/^\//, '') } : {}),
      ...(clientIp !== undefined ? { ipAddress: clientIp } : {}),
      ...given,
    });
    // The subscription key is a credential: masked wherever it shows (context.Subscription.Key too).
    secrets = input.subscription ? [...loaded.secrets, input.subscription.key] : loaded.secrets;
    sources = loaded.sources;
  }

  try {
    const result = await graph.run(input, { trace: true, callouts, secrets: [...secrets] });
    const t = result.trace!;
    if (values.format === 'json') {
      process.stdout.write(JSON.stringify(t, null, 2) + '\n');
    } else {
      process.stdout.write(renderTrace(t, { color: process.stdout.isTTY === true && !process.env.NO_COLOR, sourceOf: (file) => sources.get(file) ?? readIfPresent(file) }));
      if (mocks && mocks.calls.length > 0) {
        process.stdout.write('\ncallouts\n');
        for (const c of mocks.calls) process.stdout.write(`  ${c.method} ${maskUrl(c.url, [...secrets])} → ${c.mock !== null ? `mock ${c.mock}: ${c.outcome}` : c.outcome}\n`);
      }
    }
    const failure = lastErrorOf(t);
    if (failure) process.stderr.write(`${failure.location ? `${failure.location}: ` : ''}error ${failure.source}: ${failure.reason ? `${failure.reason}: ` : ''}${failure.message}\n`);
    return result.state.lastError ? 1 : 0;
  } finally {
    await network.close();
  }
}

/** A policy file's text, to show a failing line (a fragment's, or one a configuration names). */
function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** context.LastError as the (masked) trace records it, with where it happened. */
function lastErrorOf(t: HandshakeTrace): { source: string; reason: string; message: string; location?: string } | undefined {
  for (const entries of Object.values(t.traceEntries)) {
    for (const e of entries) {
      const data = e.data as { lastError?: { source: string; reason: string; message: string; location?: string } } | null;
      if (e.source === 'error' && data?.lastError) return data.lastError;
    }
  }
  return undefined;
}

function usage(message: string): number {
  return usageError(COMMAND, message);
}
