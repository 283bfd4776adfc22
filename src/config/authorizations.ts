/**
 * The `authorizations:` section: credential manager connections for get-authorization-context, by
 * provider id, then authorization (connection) id. Each holds a static `accessToken`, or a `tokenUrl`
 * with `clientId`/`clientSecret`/`scope` for a client credentials grant (see docs/configuration.md).
 */
import { isMap } from 'yaml';
import type { ConnectionConfig } from '../steps/access/credential-manager.js';
import { CONFIG_CODES, type Cursor } from './yaml-cursor.js';

const KEYS = ['accessToken', 'tokenUrl', 'clientId', 'clientSecret', 'scope', 'claims', 'status', 'allowedObjectIds'];

export function readAuthorizations(section: Cursor): ConnectionConfig[] {
  const out: ConnectionConfig[] = [];
  for (const [providerId, provider] of section.entries()) {
    for (const [authorizationId, cursor] of provider.entries()) {
      const m = cursor.map(KEYS);
      if (!m) continue;
      const where = `authorizations.${providerId}.${authorizationId}`;
      const accessToken = m.get('accessToken')?.string();
      const tokenUrl = m.get('tokenUrl')?.string();
      if ((accessToken === undefined) === (tokenUrl === undefined)) {
        cursor.error(CONFIG_CODES.missing, `${where} needs exactly one of accessToken: (a fixed token) or tokenUrl: (a client credentials grant)`);
        continue;
      }
      if (tokenUrl !== undefined && !/^https?:\/\//i.test(tokenUrl)) {
        m.get('tokenUrl')!.error(CONFIG_CODES.invalidValue, `${where}.tokenUrl must be an http:// or https:// URL, not '${tokenUrl}'`);
        continue;
      }
      const status = m.get('status')?.string() ?? 'connected';
      if (status !== 'connected' && status !== 'error') {
        m.get('status')!.error(CONFIG_CODES.invalidValue, `${where}.status must be connected or error, not '${status}'`);
        continue;
      }
      const claimsCursor = m.get('claims');
      if (claimsCursor && !isMap(claimsCursor.node)) {
        claimsCursor.error(CONFIG_CODES.wrongType, `${where}.claims must be a mapping of claim name → value`);
        continue;
      }
      const optional = (key: string): string | undefined => m.get(key)?.string();
      const connection: ConnectionConfig = { providerId, authorizationId, status };
      if (accessToken !== undefined) connection.accessToken = accessToken;
      if (tokenUrl !== undefined) connection.tokenUrl = tokenUrl;
      for (const key of ['clientId', 'clientSecret', 'scope'] as const) {
        const v = optional(key);
        if (v !== undefined) connection[key] = v;
      }
      if (claimsCursor) connection.claims = (claimsCursor.node as { toJSON(): Record<string, unknown> }).toJSON();
      const allowed = m.get('allowedObjectIds');
      if (allowed) connection.allowedObjectIds = allowed.oneOrMany().map((c) => c.string()).filter((s): s is string => s !== undefined);
      out.push(connection);
    }
  }
  return out;
}
