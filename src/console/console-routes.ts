/**
 * The console's HTTP routes under /_onhandshake: one small handler per route, matched in order.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskUrl } from '../common/mask.js';
import type { ConsoleServer } from './console-server.js';
import { EventStream } from './event-stream.js';
import { BadRequest, pairsField, readJson, sendError, sendJson, stringField } from './http-io.js';
import { ConsoleSession } from './session-proxy.js';

export interface RouteContext {
  console: ConsoleServer;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The pattern's captured groups, URL-decoded. */
  params: string[];
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(ctx: RouteContext): void | Promise<void>;
}

const SESSION_ID = /^[A-Za-z0-9-]{8,64}$/;

function sendAsset({ console, res }: RouteContext, name: string): void {
  const asset = console.assetFiles().get(name);
  if (!asset) return sendError(res, 404, `no console asset '${name}'`);
  res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
  createReadStream(asset.file).pipe(res);
}

/** The page, with this process's token in its <meta name="onhandshake-token"> (main.js sends it back). */
async function sendPage({ console, res }: RouteContext): Promise<void> {
  const asset = console.assetFiles().get('index.html')!;
  const html = (await readFile(asset.file, 'utf8')).replace('<meta name="onhandshake-token" content="">', `<meta name="onhandshake-token" content="${console.access.token}">`);
  const body = Buffer.from(html);
  res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}

function host(ctx: RouteContext): NonNullable<ConsoleServer['hostContext']> {
  const h = ctx.console.hostContext;
  if (!h) throw new BadRequest('the gateway is not listening yet', 503);
  return h;
}

function sessionOf(ctx: RouteContext): ConsoleSession {
  const session = ctx.console.session(ctx.params[0]!);
  if (!session) throw new BadRequest(`no console session '${ctx.params[0]}' (open /_onhandshake/events?session=… first)`, 404);
  return session;
}

/** The gateway's own address as a client on this machine reaches it. */
function gatewayBase(ctx: RouteContext): string {
  const { address } = host(ctx);
  const scheme = address.url.startsWith('wss') ? 'wss' : 'ws';
  const h = address.host === '0.0.0.0' ? '127.0.0.1' : address.host === '::' ? '[::1]' : address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${scheme}://${h}:${address.port}`;
}

export const consoleRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^$/,
    handle: ({ res }) => {
      res.writeHead(302, { Location: '/_onhandshake/' });
      res.end();
    },
  },
  { method: 'GET', pattern: /^\/$/, handle: sendPage },
  { method: 'GET', pattern: /^\/assets\/([A-Za-z0-9_.-]+)$/, handle: (ctx) => (ctx.params[0] === 'index.html' ? sendPage(ctx) : sendAsset(ctx, ctx.params[0]!)) },
  { method: 'GET', pattern: /^\/traces$/, handle: ({ console, res }) => sendJson(res, 200, { capacity: console.ring.capacity, traces: console.ring.list() }) },
  {
    method: 'GET',
    pattern: /^\/traces\/([^/]+)$/,
    handle: ({ console, res, params }) => {
      const record = console.ring.get(params[0]!);
      if (!record) return sendError(res, 404, `no trace '${params[0]}' (the ring keeps the last ${console.ring.capacity})`);
      sendJson(res, 200, record);
    },
  },
  {
    method: 'GET',
    pattern: /^\/apis$/,
    handle: (ctx) => {
      host(ctx);
      sendJson(ctx.res, 200, { gateway: gatewayBase(ctx), apis: ctx.console.workbench.describe() });
    },
  },
  {
    method: 'GET',
    pattern: /^\/events$/,
    handle: (ctx) => {
      const id = ctx.url.searchParams.get('session') ?? undefined;
      if (id !== undefined && !SESSION_ID.test(id)) throw new BadRequest('session must be 8–64 letters, digits or dashes');
      const stream = new EventStream(ctx.res);
      // `session-` keeps the session's events apart from EventSource's own `open`, `error` and `message`.
      const session = id ? new ConsoleSession((event, data) => stream.send(`session-${event}`, data)) : undefined;
      const close = ctx.console.openStream(stream, id, session);
      ctx.res.on('close', close);
      stream.send('hello', { session: id ?? null });
    },
  },
  {
    method: 'POST',
    pattern: /^\/sessions\/([^/]+)\/connect$/,
    handle: async (ctx) => {
      const body = await readJson(ctx.req);
      const name = stringField(body, 'api')!;
      const api = host(ctx).gateway.runtime.apis.find((a) => a.info.name === name);
      if (!api) throw new BadRequest(`no API named '${name}'`, 404);
      const query = new URLSearchParams(pairsField(body, 'query')).toString();
      const protocols = (stringField(body, 'protocol', false) ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      const url = `${gatewayBase(ctx)}${api.path || '/'}${query ? `?${query}` : ''}`;
      sessionOf(ctx).connect({ url, headers: pairsField(body, 'headers'), protocols, secrets: api.secrets });
      sendJson(ctx.res, 202, { url: maskUrl(url, api.secrets) });
    },
  },
  {
    method: 'POST',
    pattern: /^\/sessions\/([^/]+)\/send$/,
    handle: async (ctx) => {
      const body = await readJson(ctx.req);
      const encoding = body.encoding === 'hex' ? 'hex' : 'text';
      sessionOf(ctx).send(stringField(body, 'data')!, encoding, body.recordSeparator === true);
      sendJson(ctx.res, 200, { sent: true });
    },
  },
  {
    method: 'POST',
    pattern: /^\/sessions\/([^/]+)\/close$/,
    handle: async (ctx) => {
      const body = await readJson(ctx.req);
      const code = body.code === undefined ? 1000 : Number(body.code);
      sessionOf(ctx).close(code, typeof body.reason === 'string' ? body.reason : '');
      sendJson(ctx.res, 200, { closing: true });
    },
  },
  {
    method: 'POST',
    pattern: /^\/apis\/([^/]+)\/check$/,
    handle: async (ctx) => sendJson(ctx.res, 200, ctx.console.workbench.check(ctx.params[0]!, stringField(await readJson(ctx.req), 'text')!)),
  },
  {
    method: 'POST',
    pattern: /^\/apis\/([^/]+)\/try$/,
    handle: async (ctx) => sendJson(ctx.res, 200, ctx.console.workbench.tryText(ctx.params[0]!, stringField(await readJson(ctx.req), 'text')!)),
  },
  {
    method: 'POST',
    pattern: /^\/apis\/([^/]+)\/save$/,
    handle: async (ctx) => sendJson(ctx.res, 200, await ctx.console.workbench.save(ctx.params[0]!, stringField(await readJson(ctx.req), 'text')!)),
  },
  { method: 'POST', pattern: /^\/apis\/revert$/, handle: async (ctx) => sendJson(ctx.res, 200, await ctx.console.workbench.revert()) },
];
