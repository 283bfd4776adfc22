/** Masking by value: the forms derived from a secret, pieces of 8 characters or more, and client credentials. */
import { afterEach, describe, expect, it } from 'vitest';
import { maskText, requestCredentials, setCredentialHeaders } from '../../src/common/mask.js';
import { variantsOf } from '../../src/common/secret-matcher.js';

const SECRET = 'Sup3r Secret+Value/42xyz';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string): string => b64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('variantsOf', () => {
  it('gives the case changes, JavaScript and .NET URL encodings and base64 forms', () => {
    const forms = variantsOf(SECRET);
    for (const form of [
      SECRET,
      SECRET.toLowerCase(),
      SECRET.toUpperCase(),
      encodeURIComponent(SECRET), // Uri.EscapeDataString: the same here
      encodeURIComponent(SECRET).replace(/%20/g, '+'), // WebUtility.UrlEncode, form encoding
      encodeURIComponent(SECRET.toLowerCase()),
      b64(SECRET),
    ]) expect(forms).toContain(form);
  });

  it("escapes what Uri.EscapeDataString escapes and encodeURIComponent does not (!'()*)", () => {
    expect(variantsOf("it's (a) secret!")).toContain('it%27s%20%28a%29%20secret%21');
  });

  it('a short secret has no base64 runs from inside a longer base64', () => {
    expect([...variantsOf('abc', false)].sort()).toEqual(['ABC', 'YWJj', 'abc']);
  });
});

describe('maskText by value', () => {
  it.each<[string, string]>([
    ['the value', `x=${SECRET}`],
    ['lower case', `x=${SECRET.toLowerCase()}`],
    ['upper case', `message ${SECRET.toUpperCase()} end`],
    ['a piece of 8 characters', `k=${SECRET.slice(4, 12)};`],
    ['a piece of 8 characters, case changed', `k=${SECRET.slice(10, 18).toUpperCase()};`],
    ['encodeURIComponent', `?t=${encodeURIComponent(SECRET)}`],
    ['encodeURIComponent of the lower case', `?t=${encodeURIComponent(SECRET.toLowerCase())}`],
    ['form encoding (+ for space)', `t=${encodeURIComponent(SECRET).replace(/%20/g, '+')}`],
    ['base64', `"${b64(SECRET)}"`],
    ['base64url', `"${b64url(SECRET)}"`],
    ['Basic base64(user:secret)', `Basic ${b64(`user:${SECRET}`)}`],
    ['Basic base64(a longer user:secret)', `Basic ${b64(`someone@example.com:${SECRET}`)}`],
  ])('%s', (_what, text) => {
    const masked = maskText(text, [SECRET]);
    expect(masked).toContain('***');
    for (const piece of pieces(text, 8)) if (isDerived(piece)) expect(masked, `shows ${piece}`).not.toContain(piece);
  });

  it('masks a form as one span, keeping what is around it', () => {
    expect(maskText(`a ${SECRET.toLowerCase()} b ${SECRET.slice(2, 12)} c`, [SECRET])).toBe('a *** b *** c');
  });

  it('does not mask unrelated text, nor pieces shorter than 8 characters', () => {
    const text = 'Supper; secrets, values of 42 and xyz: Sup3r S / Value/4 / t+Valu';
    expect(maskText(text, [SECRET])).toBe(text);
  });

  it('masks a short secret only whole (and its case and encoded forms), never pieces of it', () => {
    expect(maskText('pin 7x9q, PIN 7X9Q, 7x9 and x9q', ['7x9q'])).toBe('pin ***, PIN ***, 7x9 and x9q');
  });

  it('does not mask a connection string piece that every URL has (https://, .windows.net)', () => {
    const secret = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=abcDEF123ghiJKL456=';
    expect(maskText('GET https://other.servicebus.windows.net/queue', [secret])).toBe('GET https://other.servicebus.windows.net/queue');
    expect(maskText('key abcDEF123ghiJKL456=', [secret])).toBe('key ***');
  });

  it('masks a secret too long to index piece by piece as it is', () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(600)}\n-----END PRIVATE KEY-----`;
    expect(maskText(`key: ${key}.`, [key])).toBe('key: ***.');
  });

  it('scans long text once: a 1 MB text with 20 secrets is masked where they appear', () => {
    const secrets = Array.from({ length: 20 }, (_, i) => `secret-${i}-${'q'.repeat(i)}-Zk${i * 7919}`);
    const text = 'lorem ipsum '.repeat(80_000) + secrets[13]!.toUpperCase() + ' tail';
    const masked = maskText(text, secrets);
    expect(masked.endsWith(' *** tail')).toBe(true);
    expect(masked.length).toBe(text.length - secrets[13]!.length + 3);
  });
});

describe('requestCredentials', () => {
  afterEach(() => setCredentialHeaders([]));
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZSJ9.c2lnbmF0dXJl';

  it.each<[string, Array<[string, string[]]>, string, string[]]>([
    ['Authorization: the token after the scheme', [['Authorization', ['Bearer tok-123456789']]], '/', ['tok-123456789']],
    ['Authorization Basic: the token, user:password and the password', [['Authorization', [`Basic ${b64('me:pa55word')}`]]], '/', [b64('me:pa55word'), 'me:pa55word', 'pa55word']],
    ['X-Api-Key, Api-Key, Ocp-Apim-Subscription-Key', [['X-Api-Key', ['k1-abc']], ['api-key', ['k2-abc']], ['Ocp-Apim-Subscription-Key', ['k3-abc']]], '/', ['k1-abc', 'k2-abc', 'k3-abc']],
    ['Sec-WebSocket-Protocol: the token after access_token', [['Sec-WebSocket-Protocol', ['access_token, opaque-token']]], '/', ['opaque-token']],
    ['Sec-WebSocket-Protocol: a JWT anywhere', [['Sec-WebSocket-Protocol', [`json, ${jwt}`]]], '/', [jwt]],
    ['Sec-WebSocket-Protocol: Kubernetes bearer', [['Sec-WebSocket-Protocol', ['base64url.bearer.authorization.k8s.io.dG9rZW4tMTIz, channel.k8s.io']]], '/', ['dG9rZW4tMTIz']],
    ['Sec-WebSocket-Protocol: an opaque token of 20+ letters and digits', [['Sec-WebSocket-Protocol', ['chat, a1B2c3D4e5F6g7H8i9J0']]], '/', ['a1B2c3D4e5F6g7H8i9J0']],
    ['Sec-WebSocket-Protocol: subprotocol names are not credentials', [['Sec-WebSocket-Protocol', ['graphql-transport-ws, json.webpubsub.azure.v1, mqttv3.1']]], '/', []],
    ['credential query values', [], '/chat?room=1&access_token=tok-abcdefgh&subscription-key=0123456789abcdef', ['tok-abcdefgh', '0123456789abcdef']],
    ['cookies named like a session or a credential', [['Cookie', ['theme=dark-mode-please; ASP.NET_SessionId=s3ss10n-abcdef; _ga=GA1.2.3456789']]], '/', ['s3ss10n-abcdef']],
    ['other headers are not credentials', [['User-Agent', ['agent-1234567890']]], '/', []],
  ])('%s', (_what, headers, url, found) => {
    expect([...new Set(requestCredentials(headers, url))].sort()).toEqual([...found].sort());
  });

  it('counts configured credential headers (masking.credentialHeaders)', () => {
    expect(requestCredentials([['X-Custom-Token', ['custom-1234']]], '/')).toEqual([]);
    setCredentialHeaders(['x-custom-token']);
    expect(requestCredentials([['X-Custom-Token', ['custom-1234']]], '/')).toEqual(['custom-1234']);
  });
});

/** Every piece of `text` of length `n`. */
function pieces(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= text.length; i++) out.push(text.slice(i, i + n));
  return out;
}

/** Whether a piece of text comes from the secret (a piece of one of its forms). */
function isDerived(piece: string): boolean {
  const forms = [...variantsOf(SECRET), b64url(SECRET)].map((f) => f.toLowerCase());
  return forms.some((f) => f.includes(piece.toLowerCase()));
}
