/**
 * `onhandshake token` — mints a JWT for testing validate-jwt locally, without an identity provider;
 * optionally writes the public key as a JWKS and serves it as an OpenID configuration.
 * Exit codes: 0 token printed, 2 usage errors.
 */
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCommandLine, usageError as commandUsageError, type CommandDescription } from './command-line.js';
import { parseDuration } from '../access/duration.js';
import { jwsAlgorithms } from '../access/jws-algorithms.js';
import { serveJwks } from '../access/jwks-server.js';
import { signJwt } from '../access/jwt-sign.js';

const USAGE = `usage: onhandshake token [options]

Mints a signed JWT (printed alone on stdout) to test validate-jwt without an identity provider.

  --alg ALG            ${Object.keys(jwsAlgorithms).join(', ')} (default HS256)
  --key K              HS*: the secret as Base64, the same text as in <issuer-signing-keys><key>
                       (default: a new random secret, shown on stderr); RS/PS/ES: a PEM private key
                       file (default: a new key pair; keep it with --key-out, publish it with --jwks-out)
  --claim NAME=VALUE   a claim (repeatable); VALUE is JSON when it parses (42, true, ["a","b"]), else text
  --sub S  --iss I     subject and issuer claims
  --aud A              audience (repeatable: an array)
  --exp DURATION       lifetime from now: 90s, 15m, 1h (default), 2d; 'none' for no exp; negative
                       for an expired token (write --exp=-5m)
  --nbf DURATION       not-before offset from now (e.g. 10m for a token not yet valid)
  --kid ID             key id in the header (and in the JWKS)
  --jwks-out F         write the public key as a JWKS to F (RS/PS/ES)
  --key-out F          write the generated private key (PEM) or secret (Base64) to F
  --serve PORT         after printing, serve /.well-known/openid-configuration and /jwks on
                       127.0.0.1:PORT (0: any free port) until interrupted; use its URL in
                       <openid-config url="…"/>
`;

const COMMAND: CommandDescription = { name: 'token', usage: USAGE, exitCodes: { 0: 'token printed (with --serve: stopped by a signal)', 2: 'usage error' } };

export default async function token(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, {
        alg: { type: 'string', default: 'HS256' },
        key: { type: 'string' },
        claim: { type: 'string', multiple: true },
        sub: { type: 'string' },
        iss: { type: 'string' },
        aud: { type: 'string', multiple: true },
        exp: { type: 'string', default: '1h' },
        nbf: { type: 'string' },
        kid: { type: 'string' },
        'jwks-out': { type: 'string' },
        'key-out': { type: 'string' },
        serve: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values;
  if (parsed.positionals.length) return usageError(`unexpected argument '${parsed.positionals[0]}' (claims are --claim NAME=VALUE)`);
  const alg = o.alg!.toUpperCase();
  const algorithm = jwsAlgorithms[alg];
  if (!algorithm) return usageError(`unknown --alg '${o.alg}' (use one of ${Object.keys(jwsAlgorithms).join(', ')})`);

  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iat: now };
  if (o.sub) claims.sub = o.sub;
  if (o.iss) claims.iss = o.iss;
  if (o.aud?.length) claims.aud = o.aud.length === 1 ? o.aud[0] : o.aud;
  if (o.exp !== 'none') {
    const exp = parseDuration(o.exp!);
    if (exp === undefined) return usageError(`--exp '${o.exp}' is not a duration (90s, 15m, 1h, 2d, or none)`);
    claims.exp = now + exp;
  }
  if (o.nbf !== undefined) {
    const nbf = parseDuration(o.nbf);
    if (nbf === undefined) return usageError(`--nbf '${o.nbf}' is not a duration`);
    claims.nbf = now + nbf;
  }
  for (const c of o.claim ?? []) {
    const eq = c.indexOf('=');
    if (eq <= 0) return usageError(`--claim '${c}' must be NAME=VALUE`);
    claims[c.slice(0, eq)] = claimValue(c.slice(eq + 1));
  }

  let signing: KeyObject;
  let publicKey: KeyObject | undefined;
  try {
    ({ signing, publicKey } = loadKey(alg, algorithm.family, o.key, o['key-out']));
  } catch (err) {
    return usageError((err as Error).message);
  }
  const header = o.kid ? { kid: o.kid } : {};
  let jwt: string;
  try {
    jwt = signJwt(claims, signing, alg, header);
  } catch (err) {
    return usageError((err as Error).message);
  }
  process.stdout.write(`${jwt}\n`);

  const jwks = publicKey ? { keys: [{ ...publicKey.export({ format: 'jwk' }), use: 'sig', alg, ...(o.kid ? { kid: o.kid } : {}) }] } : undefined;
  if (o['jwks-out']) {
    if (!jwks) return usageError('--jwks-out needs an RS/PS/ES algorithm (a symmetric secret must not be published)');
    writeFileSync(o['jwks-out'], JSON.stringify(jwks, null, 2) + '\n');
    process.stderr.write(`JWKS written to ${o['jwks-out']}\n`);
  }
  if (o.serve !== undefined) {
    if (!jwks) return usageError('--serve needs an RS/PS/ES algorithm');
    const port = Number(o.serve);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--serve '${o.serve}' is not a port`);
    const server = await serveJwks(jwks, { port, ...(o.iss ? { issuer: o.iss } : {}) });
    process.stderr.write(`OpenID configuration: ${server.metadataUrl}\nJWKS: ${server.url}/jwks\n(Ctrl+C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
  }
  return 0;
}

function loadKey(alg: string, family: 'oct' | 'RSA' | 'EC', key: string | undefined, keyOut: string | undefined): { signing: KeyObject; publicKey?: KeyObject } {
  if (family === 'oct') {
    let secret: Buffer;
    if (key !== undefined) {
      if (!/^[A-Za-z0-9+/=_-]+$/.test(key)) throw new Error('--key for HS* is the secret as Base64 (as written in <key>)');
      secret = Buffer.from(key.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    } else {
      secret = randomBytes(Number(alg.slice(2)) / 8);
      process.stderr.write(`secret (Base64, for <issuer-signing-keys><key>): ${secret.toString('base64')}\n`);
    }
    if (keyOut) writeFileSync(keyOut, secret.toString('base64') + '\n');
    return { signing: createSecretKey(secret) };
  }
  let signing: KeyObject;
  if (key !== undefined) {
    signing = createPrivateKey(readFileSync(key));
  } else {
    const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg];
    const pair = family === 'EC' ? generateKeyPairSync('ec', { namedCurve: curve! }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
    signing = pair.privateKey;
    if (!keyOut) process.stderr.write('a new key pair was generated (keep it with --key-out F)\n');
  }
  if (keyOut) writeFileSync(keyOut, signing.export({ type: 'pkcs8', format: 'pem' }));
  return { signing, publicKey: createPublicKey(signing) };
}

function claimValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function usageError(message: string): number {
  return commandUsageError(COMMAND, message);
}
