/**
 * A callout client that imports undici on the first send-request: a gateway whose policies make no
 * callouts never loads it (about 20 MiB of a process's memory).
 */
import type { CalloutClient } from '../steps/runtime/contract.js';
import type { CalloutTls } from './undici-callouts.js';

/** Node's CA store (the shared default client), or these extra CAs (e.g. `backendTls.ca`). */
export function lazyCalloutClient(tls?: CalloutTls): CalloutClient {
  let client: Promise<CalloutClient> | undefined;
  const load = () =>
    (client ??= import('./undici-callouts.js').then((m) => (tls?.ca ? new m.UndiciCalloutClient(tls) : m.defaultCalloutClient())));
  return { send: async (req) => (await load()).send(req) };
}
