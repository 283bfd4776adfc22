/**
 * Who may use the console (docs/security.md, "Console access"). A web page the developer has open in the
 * same browser must neither change the gateway (try, save, connect) nor read traces:
 * - every request is addressed (Host) to a loopback name, an IP address or a configured name, on the
 *   gateway's port: a DNS-rebound name (evil.example → 127.0.0.1) is refused before anything is read;
 * - every request that changes something carries the page's per-process token in X-Onhandshake-Token, comes
 *   from the console's own origin (Origin's host:port is the request's Host) and has a JSON body; a
 *   cross-origin form or `text/plain` fetch therefore never reaches a handler; a read that says it comes
 *   from another origin (Origin, or Sec-Fetch-Site on anything but a navigation) is refused too;
 * - a request counts as remote when its socket is not loopback, or when it carries forwarding headers
 *   that a trusted proxy (the configuration's `trustedProxies`) did not add, or that name a non-loopback
 *   client; remote requests get the gateway's own 404 unless `allowRemote` is set.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { inRange, parseAddressOrCidr, parseIp, type IpRange } from '../access/ip-address.js';
import { isLoopback } from './loopback.js';

export const TOKEN_HEADER = 'x-onhandshake-token';

/** What the access rules need to know about the gateway; read on every request (a reload may change it). */
export interface AccessSettings {
  /** The port the gateway listens on. */
  port: number;
  /** The configured listen host (a name there is allowed in Host; wildcards add nothing). */
  listenHost: string;
  allowRemote: boolean;
  /** Extra names (or name:port) the console may be addressed by: `console.allowedHosts`. */
  allowedHosts: readonly string[];
  /** Addresses or CIDR blocks whose forwarding headers are believed: the configuration's `trustedProxies`. */
  trustedProxies: readonly string[];
}

/** A refusal: `hide` answers as if there were no console (the gateway's 404), for remote clients. */
export type AccessRefusal = { hide: true } | { hide: false; status: number; message: string };

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);
const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export class ConsoleAccess {
  /** Per process: a page from an earlier run of the gateway cannot act on this one. */
  readonly token = randomBytes(32).toString('base64url');

  check(req: IncomingMessage, settings: AccessSettings): AccessRefusal | undefined {
    if (!settings.allowRemote && isRemote(req, settings.trustedProxies)) return { hide: true };
    const hostHeader = req.headers.host ?? '';
    if (!hostAllowed(hostHeader, settings)) {
      return {
        hide: false,
        status: 403,
        message:
          `the console answers requests addressed to ${[...LOOPBACK_NAMES, ...settings.allowedHosts].join(', ')} or an IP address on port ${settings.port}; ` +
          `this one was addressed to '${hostHeader}' (a guard against DNS rebinding; add the name to console.allowedHosts to use it)`,
      };
    }
    const origin = req.headers.origin;
    const sameOrigin = origin !== undefined && originHost(origin) === hostHeader.toLowerCase();
    const crossSite = crossSiteSubresource(req);
    if (SAFE_METHODS.has(req.method ?? '')) {
      if (!crossSite && (origin === undefined || sameOrigin)) return undefined;
      return { hide: false, status: 403, message: `a page from another origin (${origin ?? `Sec-Fetch-Site: ${String(req.headers['sec-fetch-site'])}`}) cannot read the console` };
    }
    if (!sameOrigin || crossSite) {
      return { hide: false, status: 403, message: `${req.method} needs the console's own Origin (${origin ? `'${origin}' is another site` : 'none was sent'}): pages from other origins cannot change the gateway` };
    }
    if (!this.tokenMatches(req.headers[TOKEN_HEADER])) {
      return { hide: false, status: 403, message: `${req.method} needs the console page's token in the X-Onhandshake-Token header (${req.headers[TOKEN_HEADER] ? 'this one is wrong: reload the page' : 'none was sent'})` };
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return { hide: false, status: 415, message: `the console accepts only application/json request bodies (got ${type ? `'${type}'` : 'no Content-Type'})` };
    }
    return undefined;
  }

  private tokenMatches(sent: string | string[] | undefined): boolean {
    if (typeof sent !== 'string') return false;
    const a = Buffer.from(sent);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/**
 * Fetch metadata: a request another site's page made for itself (a fetch, a script or image tag), as
 * opposed to the user following a link to the console (a navigation) or the console's own page.
 */
function crossSiteSubresource(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return false;
  return req.headers['sec-fetch-mode'] !== 'navigate';
}

/** `host[:port]` of an Origin, lower case, the port left out when it is the scheme's default (as Host does). */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Splits a Host header into its name and port (the scheme's default when absent). */
function splitHost(host: string): { name: string; port: number | undefined } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

function hostAllowed(host: string, settings: AccessSettings): boolean {
  const split = splitHost(host);
  if (!split) return false;
  const port = split.port ?? 80;
  for (const entry of settings.allowedHosts) {
    const allowed = splitHost(entry);
    // A configured name without a port is allowed on any port: a reverse proxy in front listens on its own.
    if (allowed && allowed.name === split.name && (allowed.port === undefined || allowed.port === port)) return true;
  }
  if (port !== settings.port) return false;
  // An IP address cannot be rebound by DNS: only names need to be known.
  if (LOOPBACK_NAMES.includes(split.name) || parseIp(split.name) !== undefined) return true;
  const listen = settings.listenHost.toLowerCase();
  return listen !== '' && listen === split.name;
}

/** The addresses named by X-Forwarded-For and Forwarded `for=`, nearest hop last. */
function forwardedHops(req: IncomingMessage): string[] | undefined {
  const xff = req.headers['x-forwarded-for'];
  const forwarded = req.headers.forwarded;
  if (xff === undefined && forwarded === undefined) return undefined;
  const hops: string[] = [];
  for (const list of [xff, forwarded]) {
    if (list === undefined) continue;
    for (const part of (Array.isArray(list) ? list.join(',') : list).split(',')) {
      const text = part.trim();
      if (list === forwarded) {
        const m = /(?:^|;)\s*for\s*=\s*("?)([^";]*)\1/i.exec(text);
        if (m) hops.push(stripPort(m[2]!));
        else if (text) hops.push('unknown');
      } else if (text) hops.push(stripPort(text));
    }
  }
  return hops.length ? hops : ['unknown'];
}

function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}

/**
 * Remote: a non-loopback socket; or forwarding headers from a peer that is not a trusted proxy (we cannot
 * know who the client was); or, through trusted proxies, a first untrusted hop that is not loopback.
 */
export function isRemote(req: IncomingMessage, trustedProxies: readonly string[]): boolean {
  const peer = req.socket.remoteAddress;
  if (!isLoopback(peer)) return true;
  const hops = forwardedHops(req);
  if (!hops) return false;
  const trusted = trustedProxies.map(parseAddressOrCidr).filter((r): r is IpRange => r !== undefined);
  const isTrusted = (text: string | undefined): boolean => {
    const ip = text === undefined ? undefined : parseIp(text);
    return ip !== undefined && trusted.some((r) => inRange(ip, r));
  };
  if (!isTrusted(peer)) return true;
  let client = hops[0]!;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(hops[i])) {
      client = hops[i]!;
      break;
    }
  }
  return !isLoopback(parseIp(client)?.text);
}
