/**
 * Where validate-jwt / validate-azure-ad-token find the token: a header (with an optional scheme),
 * a query parameter, or an expression's value.
 */
import type { HandshakeState } from '../model/state.js';
import { JwtFailure } from './jwt-failure.js';

export type TokenLocation =
  | { kind: 'header'; name: string; requireScheme?: string }
  | { kind: 'query'; name: string }
  | { kind: 'value'; value: string };

export function findToken(state: HandshakeState, where: TokenLocation): string {
  let token: string | undefined;
  switch (where.kind) {
    case 'header': {
      const raw = state.request.headers.get(where.name)?.trim();
      token = raw ? stripScheme(raw, where) : undefined;
      break;
    }
    case 'query':
      token = state.request.url.query.find(([k]) => k === where.name)?.[1]?.trim();
      break;
    case 'value':
      token = where.value.trim();
      break;
  }
  if (!token) throw new JwtFailure('TokenNotPresent', notPresent(where));
  return token;
}

function stripScheme(raw: string, where: { name: string; requireScheme?: string }): string | undefined {
  const space = raw.indexOf(' ');
  const scheme = space > 0 ? raw.slice(0, space) : undefined;
  const rest = space > 0 ? raw.slice(space + 1).trim() : raw;
  // require-scheme applies to Authorization only (custom headers carry bare tokens).
  if (where.requireScheme && where.name.toLowerCase() === 'authorization') {
    if (!scheme || scheme.toLowerCase() !== where.requireScheme.toLowerCase()) return undefined;
    return rest;
  }
  return scheme && /^bearer$/i.test(scheme) ? rest : raw;
}

function notPresent(where: TokenLocation): string {
  switch (where.kind) {
    case 'header':
      return where.requireScheme
        ? `JWT not present in header '${where.name}' with scheme '${where.requireScheme}'.`
        : `JWT not present in header '${where.name}'.`;
    case 'query':
      return `JWT not present in query parameter '${where.name}'.`;
    case 'value':
      return 'JWT not present: token-value is empty.';
  }
}
