/**
 * The default stand-in for Entra ID in authentication-managed-identity: it mints an UNSIGNED JWT
 * (`alg: none`) whose audience is the requested resource. Good for seeing the header flow locally;
 * never accepted by a real Azure service. Configure a TokenProvider to hand out real tokens.
 */
import type { TokenProvider } from './options.js';
import { clockNow } from '../../common/clock.js';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export const localTokenProvider: TokenProvider = {
  getToken(resource: string, clientId?: string): string {
    const now = Math.floor(clockNow() / 1000);
    const claims = {
      aud: resource,
      iss: 'https://onhandshake.local/managed-identity',
      sub: clientId ?? 'system-assigned',
      appid: clientId ?? 'system-assigned',
      iat: now,
      nbf: now,
      exp: now + 3600,
    };
    return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
  },
};
