/** Real keys for every JWS algorithm, generated once per test file with node:crypto. */
import { createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

export interface AlgorithmKeys {
  alg: string;
  /** What signs. */
  signing: KeyObject;
  /** What validate-jwt is given. */
  verifying: KeyObject;
  /** The raw secret for HMAC algorithms (Base64 for `<key>`). */
  secret?: Buffer;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });

function hmac(alg: string, bytes: number): AlgorithmKeys {
  const secret = randomBytes(bytes);
  const key = createSecretKey(secret);
  return { alg, signing: key, verifying: key, secret };
}

export const algorithmKeys: AlgorithmKeys[] = [
  hmac('HS256', 32),
  hmac('HS384', 48),
  hmac('HS512', 64),
  { alg: 'RS256', signing: rsa.privateKey, verifying: rsa.publicKey },
  { alg: 'RS384', signing: rsa.privateKey, verifying: rsa.publicKey },
  { alg: 'RS512', signing: rsa.privateKey, verifying: rsa.publicKey },
  { alg: 'PS256', signing: rsa.privateKey, verifying: rsa.publicKey },
  { alg: 'PS384', signing: rsa.privateKey, verifying: rsa.publicKey },
  { alg: 'PS512', signing: rsa.privateKey, verifying: rsa.publicKey },
  { alg: 'ES256', signing: p256.privateKey, verifying: p256.publicKey },
  { alg: 'ES384', signing: p384.privateKey, verifying: p384.publicKey },
  { alg: 'ES512', signing: p521.privateKey, verifying: p521.publicKey },
];

export const rsaPair = rsa;
export const p256Pair = p256;
