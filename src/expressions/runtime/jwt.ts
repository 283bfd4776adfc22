/**
 * APIM's string extensions AsJwt()/TryParseJwt(out Jwt) and AsBasic()/TryParseBasic(out
 * BasicAuthCredentials). Parsing only: a JWT's signature and lifetime are NOT validated (as in APIM;
 * validate-jwt does that). A leading "Bearer " is accepted by AsJwt, "Basic " is required by AsBasic.
 */
import { indexer, method, prop, registerType } from '../registry.js';
import { DateTimeValue, makeArray } from '../values.js';
import { KeyValuePairValue } from './collections.js';
import { fail } from './fail.js';

const NS = 'Microsoft.Azure.ApiManagement.Policies.Expressions';

type Json = Record<string, unknown>;

/** A claim's values as strings: arrays give one string per element, objects their JSON text. */
function claimStrings(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => claimStrings(x));
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (typeof v === 'boolean') return [v ? 'true' : 'false'];
  if (typeof v === 'number') return [String(v)];
  return [JSON.stringify(v)];
}

export class JwtClaimsValue {
  readonly map: Map<string, string[]>;
  constructor(payload: Json) {
    this.map = new Map(Object.entries(payload).map(([k, v]) => [k, claimStrings(v)]));
  }
}

export class JwtValue {
  readonly claims: JwtClaimsValue;
  constructor(
    readonly header: Json,
    readonly payload: Json,
    readonly raw: string,
  ) {
    this.claims = new JwtClaimsValue(payload);
  }
  text(key: string, from: Json = this.payload): string | null {
    const v = from[key];
    if (v === undefined || v === null) return null;
    return typeof v === 'string' ? v : claimStrings(v).join(',');
  }
  time(key: string): DateTimeValue | null {
    const v = this.payload[key];
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) return null;
    return new DateTimeValue(Math.trunc(n) * 1000, 'Utc');
  }
}

function base64UrlJson(part: string): Json | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(part)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a compact JWS (header.payload.signature; the signature may be empty); null when not one. */
export function parseJwt(text: string | null): JwtValue | null {
  if (text === null) return null;
  const token = text.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = base64UrlJson(parts[0]!);
  const payload = base64UrlJson(parts[1]!);
  if (!header || !payload) return null;
  return new JwtValue(header, payload, token);
}

export class BasicCredentialsValue {
  constructor(
    readonly userId: string,
    readonly password: string,
  ) {}
}

/** Parses "Basic base64(user:password)"; null when the value is not Basic credentials. */
export function parseBasic(text: string | null): BasicCredentialsValue | null {
  if (text === null) return null;
  const m = /^\s*Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(text);
  if (!m || m[1]!.length % 4 !== 0) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return new BasicCredentialsValue(decoded.slice(0, colon), decoded.slice(colon + 1));
}

const claimsArray = (v: string[]) => makeArray('System.String', [...v]);

registerType({
  name: `${NS}.JwtClaims`,
  jsClass: JwtClaimsValue,
  interfaces: ['System.Collections.Generic.IReadOnlyDictionary<string, string[]>'],
  iterate: function* (c: JwtClaimsValue) {
    for (const [k, v] of c.map) yield new KeyValuePairValue(k, claimsArray(v), ['System.String', 'System.String[]']);
  },
  indexers: [
    indexer('(string key) => string[]', (c: JwtClaimsValue, k: string) => {
      const v = c.map.get(k);
      if (!v) fail('System.Collections.Generic.KeyNotFoundException', `The given key '${k}' was not present in the dictionary.`);
      return claimsArray(v);
    }),
  ],
  members: {
    Count: prop('int', (c: JwtClaimsValue) => c.map.size),
    Keys: prop('IEnumerable<string>', (c: JwtClaimsValue) => makeArray('System.String', [...c.map.keys()])),
    ContainsKey: method('(string key) => bool', (c: JwtClaimsValue, k: string) => c.map.has(k)),
    TryGetValue: method('(string key, out string[] value) => bool', (c: JwtClaimsValue, k: string, out: { value: unknown }) => {
      const v = c.map.get(k);
      out.value = v ? claimsArray(v) : null;
      return v !== undefined;
    }),
    // APIM's extension: the values comma-joined, or the default
    GetValueOrDefault: [
      method('(string claimName) => string', (c: JwtClaimsValue, k: string) => c.map.get(k)?.join(',') ?? null),
      method('(string claimName, string defaultValue) => string', (c: JwtClaimsValue, k: string, d: string | null) => c.map.get(k)?.join(',') ?? d),
    ],
  },
  toString: () => `System.Collections.Generic.Dictionary\`2[System.String,System.String[]]`,
  toJson: (c: JwtClaimsValue) => Object.fromEntries(c.map),
});

registerType({
  name: `${NS}.Jwt`,
  jsClass: JwtValue,
  members: {
    Algorithm: prop('string', (j: JwtValue) => j.text('alg', j.header)),
    Type: prop('string', (j: JwtValue) => j.text('typ', j.header)),
    Audiences: prop('IEnumerable<string>', (j: JwtValue) => makeArray('System.String', claimStrings(j.payload['aud']))),
    Claims: prop(`${NS}.JwtClaims`, (j: JwtValue) => j.claims),
    ExpirationTime: prop('DateTime?', (j: JwtValue) => j.time('exp')),
    IssuedAt: prop('DateTime?', (j: JwtValue) => j.time('iat')),
    NotBefore: prop('DateTime?', (j: JwtValue) => j.time('nbf')),
    Id: prop('string', (j: JwtValue) => j.text('jti')),
    Issuer: prop('string', (j: JwtValue) => j.text('iss')),
    Subject: prop('string', (j: JwtValue) => j.text('sub')),
  },
  toString: () => `${NS}.Jwt`,
  toJson: (j: JwtValue) => ({ header: j.header, payload: j.payload }),
});

registerType({
  name: `${NS}.BasicAuthCredentials`,
  jsClass: BasicCredentialsValue,
  members: {
    UserId: prop('string', (b: BasicCredentialsValue) => b.userId),
    Password: prop('string', (b: BasicCredentialsValue) => b.password),
  },
  toString: () => `${NS}.BasicAuthCredentials`,
  // the password is a secret: traces show only the user
  toJson: (b: BasicCredentialsValue) => ({ UserId: b.userId, Password: '***' }),
});

registerType({
  name: `${NS}.StringExtensions`,
  kind: 'static',
  extensions: {
    AsJwt: method(`(this string value) => ${NS}.Jwt`, parseJwt),
    TryParseJwt: method(`(this string value, out ${NS}.Jwt result) => bool`, (s: string | null, out: { value: unknown }) => {
      out.value = parseJwt(s);
      return out.value !== null;
    }),
    AsBasic: method(`(this string value) => ${NS}.BasicAuthCredentials`, parseBasic),
    TryParseBasic: method(`(this string value, out ${NS}.BasicAuthCredentials result) => bool`, (s: string | null, out: { value: unknown }) => {
      out.value = parseBasic(s);
      return out.value !== null;
    }),
  },
});
