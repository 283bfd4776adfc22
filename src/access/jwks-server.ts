/**
 * A tiny OpenID provider for local tests of validate-jwt's `openid-config` (and a stand-in for Entra ID
 * in validate-azure-ad-token): serves `/.well-known/openid-configuration` (also under any prefix, e.g.
 * `/{tenant}/v2.0/.well-known/openid-configuration`) and `/jwks`, on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JwksServer {
  url: string;
  /** The metadata URL to put in `<openid-config url="…"/>`. */
  metadataUrl: string;
  close(): Promise<void>;
}

export async function serveJwks(jwks: { keys: unknown[] }, options: { issuer?: string; port?: number; host?: string } = {}): Promise<JwksServer> {
  const host = options.host ?? '127.0.0.1';
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader('Content-Type', 'application/json');
    if (path.endsWith('/.well-known/openid-configuration')) {
      res.end(JSON.stringify({ issuer: options.issuer ?? base, jwks_uri: `${base}/jwks`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] }));
    } else if (path === '/jwks' || path.endsWith('/discovery/v2.0/keys')) {
      res.end(JSON.stringify(jwks));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 'not found' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: base,
    metadataUrl: `${base}/.well-known/openid-configuration`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
