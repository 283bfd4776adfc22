/**
 * The request-target of a client's request (RFC 9112 §3.2), made origin-form (`/path?query`) before
 * anything reads it. A proxy-style absolute-form target (`GET http://host/chat`) is routed by its path,
 * as a server must accept it; a target that is neither (`http://[::1/chat`, `*`, garbage) is a 400, never
 * an exception: `new URL()` throws on it, and an exception there would end the process.
 */
import type { IncomingMessage } from 'node:http';
import { jsonResponse, type GatewayResponse } from './apim-errors.js';

const BASE = 'http://gateway.invalid';

/** `/path?query` for a usable target, or undefined. */
export function originForm(target: string | undefined): string | undefined {
  if (target === undefined || target === '') return '/';
  if (target.startsWith('/')) return URL.canParse(target, BASE) ? target : undefined;
  if (!/^(?:https?|wss?):\/\//i.test(target) || !URL.canParse(target)) return undefined;
  const url = new URL(target);
  return url.pathname + url.search;
}

/** Rewrites `req.url` to origin-form; false (and nothing changed) when the target is unusable. */
export function normaliseTarget(req: IncomingMessage): boolean {
  const target = originForm(req.url);
  if (target === undefined) return false;
  req.url = target;
  return true;
}

export const badTarget = (): GatewayResponse =>
  jsonResponse(400, 'Bad Request', { statusCode: 400, message: 'The request target must be a path (or an absolute http/ws URL).' });
