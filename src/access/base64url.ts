/** Base64url (RFC 4648 §5) as JOSE uses it: no padding, `-` and `_`. */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function isBase64Url(text: string): boolean {
  return BASE64URL.test(text) && text.length % 4 !== 1;
}

export function base64UrlDecode(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

export function base64UrlEncode(data: Buffer | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url');
}
