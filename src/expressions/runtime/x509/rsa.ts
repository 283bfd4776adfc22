/**
 * System.Security.Cryptography.AsymmetricAlgorithm, RSA and RSAParameters. An RSA value is an RSACng at
 * run time, as on the Windows hosts of managed gateways (`GetRSAPrivateKey() as RSACng` is not null there;
 * `is RSACryptoServiceProvider` is false). RSA.Create() makes a 2048-bit key, RSA.Create(n) an n-bit key
 * (512..4096 here: larger keys take too long to generate inside an evaluation).
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { ctor, method, prop, registerType } from '../../registry.js';
import { argumentNull, fail } from '../fail.js';
import { HashAlgorithmNameValue, NSC, nodeHash } from './hash-name.js';
import { EncryptionPaddingValue, SignaturePaddingValue, encryptionPadding, signaturePadding } from './padding.js';
import { RsaInputError, decrypt, encrypt, hashData, modulusBits, signHash, verifyHash } from './rsa-ops.js';

export const NO_PRIVATE_KEY = 'Object contains only the public half of a key pair. A private key must also be provided.';
/** What Windows CNG reports for input it rejects (wrong hash length, message too long, undecryptable data). */
const BAD_PARAMETER = 'The parameter is incorrect.';

export class RsaValue {
  disposed = false;
  readonly publicKey: KeyObject;
  constructor(readonly privateKey: KeyObject | null, publicKey?: KeyObject) {
    this.publicKey = publicKey ?? createPublicKey(privateKey!);
  }
  get keySize(): number {
    return modulusBits(this.publicKey);
  }
}

export class RsaParametersValue {
  Modulus: Uint8Array | null = null;
  Exponent: Uint8Array | null = null;
  D: Uint8Array | null = null;
  P: Uint8Array | null = null;
  Q: Uint8Array | null = null;
  DP: Uint8Array | null = null;
  DQ: Uint8Array | null = null;
  InverseQ: Uint8Array | null = null;
}

function live(r: RsaValue): RsaValue {
  if (r.disposed) fail('System.ObjectDisposedException', `Cannot access a disposed object.\nObject name: 'RSA'.`);
  return r;
}

function privateKeyOf(r: RsaValue): KeyObject {
  const key = live(r).privateKey;
  if (!key) fail(`${NSC}.CryptographicException`, NO_PRIVATE_KEY);
  return key;
}

function bytes(b: Uint8Array | null, parameter: string): Uint8Array {
  if (b === null || b === undefined) argumentNull(parameter);
  return b;
}

function range(b: Uint8Array | null, offset: number, count: number): Uint8Array {
  const data = bytes(b, 'data');
  if (offset < 0 || offset > data.length) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'offset')");
  if (count < 0 || count > data.length - offset) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'count')");
  return data.subarray(offset, offset + count);
}

/** Runs an RSA operation, turning rejected input into CNG's CryptographicException. */
function cng<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RsaInputError) fail(`${NSC}.CryptographicException`, BAD_PARAMETER);
    throw e;
  }
}

function signHashOf(r: RsaValue, hash: Uint8Array | null, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null): Uint8Array {
  const mHash = bytes(hash, 'hash');
  const alg = nodeHash(h);
  const pss = signaturePadding(p).mode === 'Pss';
  return cng(() => signHash(privateKeyOf(r), alg, mHash, pss));
}

function signDataOf(r: RsaValue, data: Uint8Array, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null): Uint8Array {
  const alg = nodeHash(h);
  const pss = signaturePadding(p).mode === 'Pss';
  const key = privateKeyOf(r);
  return cng(() => signHash(key, alg, hashData(alg, data), pss));
}

function verifyDataOf(r: RsaValue, data: Uint8Array, signature: Uint8Array | null, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null): boolean {
  const sig = bytes(signature, 'signature');
  const alg = nodeHash(h);
  const pss = signaturePadding(p).mode === 'Pss';
  return verifyHash(live(r).publicKey, alg, hashData(alg, data), sig, pss);
}

function oaepHashOf(p: EncryptionPaddingValue | null) {
  const padding = encryptionPadding(p);
  return padding.mode === 'Pkcs1' ? null : nodeHash(padding.oaepHash, 'padding');
}

/** JWK base64url → bytes, left-padded to `length` as .NET's ExportParameters pads D, P, Q, DP, DQ, InverseQ. */
function jwkBytes(value: string | undefined, length?: number): Uint8Array | null {
  if (value === undefined) return null;
  const raw = Buffer.from(value, 'base64url');
  if (length === undefined || raw.length >= length) return new Uint8Array(raw);
  const out = new Uint8Array(length);
  out.set(raw, length - raw.length);
  return out;
}

function exportParameters(r: RsaValue, includePrivate: boolean): RsaParametersValue {
  const jwk = (includePrivate ? privateKeyOf(r) : live(r).publicKey).export({ format: 'jwk' });
  const p = new RsaParametersValue();
  const n = Math.ceil(r.keySize / 8);
  const half = Math.ceil(n / 2);
  p.Modulus = jwkBytes(jwk.n);
  p.Exponent = jwkBytes(jwk.e);
  if (includePrivate) {
    p.D = jwkBytes(jwk.d, n);
    p.P = jwkBytes(jwk.p, half);
    p.Q = jwkBytes(jwk.q, half);
    p.DP = jwkBytes(jwk.dp, half);
    p.DQ = jwkBytes(jwk.dq, half);
    p.InverseQ = jwkBytes(jwk.qi, half);
  }
  return p;
}

function importParameters(p: RsaParametersValue): RsaValue {
  const b64 = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('base64url') : undefined);
  if (!p.Modulus || !p.Exponent) fail(`${NSC}.CryptographicException`, 'The specified RSA parameters are not valid. Exponent and Modulus are required. If D is present, it must have the same length as Modulus. If D is present, P, Q, DP, DQ, and InverseQ are required and must have half the length of Modulus, rounded up, otherwise they must be omitted.');
  const jwk: JsonWebKey = { kty: 'RSA', n: b64(p.Modulus), e: b64(p.Exponent) };
  try {
    if (!p.D) return new RsaValue(null, createPublicKey({ key: jwk, format: 'jwk' }));
    const full: JsonWebKey = { ...jwk, d: b64(p.D), p: b64(p.P), q: b64(p.Q), dp: b64(p.DP), dq: b64(p.DQ), qi: b64(p.InverseQ) };
    return new RsaValue(createPrivateKey({ key: full, format: 'jwk' }));
  } catch {
    fail(`${NSC}.CryptographicException`, 'Bad Data.');
  }
}

function createRsa(bits: number): RsaValue {
  if (bits < 512 || bits > 16384 || bits % 64 !== 0) fail(`${NSC}.CryptographicException`, 'Specified key is not a valid size for this algorithm.');
  if (bits > 4096) fail('System.PlatformNotSupportedException', `RSA.Create(${bits}): keys larger than 4096 bits are not generated inside a policy expression here.`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return new RsaValue(privateKey);
}

const HAN = `${NSC}.HashAlgorithmName`;
const SP = `${NSC}.RSASignaturePadding`;
const EP = `${NSC}.RSAEncryptionPadding`;
const RP = `${NSC}.RSAParameters`;

registerType({
  name: `${NSC}.AsymmetricAlgorithm`,
  interfaces: ['System.IDisposable'],
  members: {
    KeySize: prop('int', (r: RsaValue) => live(r).keySize),
    SignatureAlgorithm: prop('string', () => 'RSA'),
    KeyExchangeAlgorithm: prop('string', () => 'RSA'),
    Dispose: method('() => void', (r: RsaValue) => {
      r.disposed = true;
    }),
    Clear: method('() => void', (r: RsaValue) => {
      r.disposed = true;
    }),
  },
});

registerType({
  name: RP,
  kind: 'struct',
  jsClass: RsaParametersValue,
  constructors: [ctor('()', () => new RsaParametersValue())],
  members: Object.fromEntries(
    (['Modulus', 'Exponent', 'D', 'P', 'Q', 'DP', 'DQ', 'InverseQ'] as const).map((f) => [
      f,
      prop(
        'byte[]',
        (p: RsaParametersValue) => p[f],
        (p: RsaParametersValue, v: Uint8Array | null) => {
          p[f] = v;
        },
      ),
    ]),
  ),
  // private parameters are secrets: traces show only the public half
  toJson: (p: RsaParametersValue) => ({ Modulus: p.Modulus && Buffer.from(p.Modulus).toString('base64'), Exponent: p.Exponent && Buffer.from(p.Exponent).toString('base64'), D: p.D ? '***' : null }),
});

registerType({
  name: `${NSC}.RSA`,
  base: `${NSC}.AsymmetricAlgorithm`,
  statics: {
    Create: [
      method(`() => ${NSC}.RSA`, () => createRsa(2048)),
      method(`(int keySizeInBits) => ${NSC}.RSA`, (n: number) => createRsa(n)),
      method(`(${RP} parameters) => ${NSC}.RSA`, (p: RsaParametersValue) => importParameters(p)),
    ],
  },
  members: {
    SignData: [
      method(`(byte[] data, ${HAN} hashAlgorithm, ${SP} padding) => byte[]`, (r: RsaValue, d: Uint8Array | null, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null) => signDataOf(r, bytes(d, 'data'), h, p)),
      method(`(byte[] data, int offset, int count, ${HAN} hashAlgorithm, ${SP} padding) => byte[]`, (r: RsaValue, d: Uint8Array | null, o: number, c: number, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null) =>
        signDataOf(r, range(d, o, c), h, p),
      ),
    ],
    SignHash: method(`(byte[] hash, ${HAN} hashAlgorithm, ${SP} padding) => byte[]`, signHashOf),
    VerifyData: [
      method(`(byte[] data, byte[] signature, ${HAN} hashAlgorithm, ${SP} padding) => bool`, (r: RsaValue, d: Uint8Array | null, s: Uint8Array | null, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null) =>
        verifyDataOf(r, bytes(d, 'data'), s, h, p),
      ),
      method(`(byte[] data, int offset, int count, byte[] signature, ${HAN} hashAlgorithm, ${SP} padding) => bool`, (r: RsaValue, d: Uint8Array | null, o: number, c: number, s: Uint8Array | null, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null) =>
        verifyDataOf(r, range(d, o, c), s, h, p),
      ),
    ],
    VerifyHash: method(`(byte[] hash, byte[] signature, ${HAN} hashAlgorithm, ${SP} padding) => bool`, (r: RsaValue, hash: Uint8Array | null, s: Uint8Array | null, h: HashAlgorithmNameValue, p: SignaturePaddingValue | null) => {
      const mHash = bytes(hash, 'hash');
      const sig = bytes(s, 'signature');
      const alg = nodeHash(h);
      return verifyHash(live(r).publicKey, alg, mHash, sig, signaturePadding(p).mode === 'Pss');
    }),
    Encrypt: method(`(byte[] data, ${EP} padding) => byte[]`, (r: RsaValue, d: Uint8Array | null, p: EncryptionPaddingValue | null) => {
      const data = bytes(d, 'data');
      const oaep = oaepHashOf(p);
      return cng(() => encrypt(live(r).publicKey, data, oaep));
    }),
    Decrypt: method(`(byte[] data, ${EP} padding) => byte[]`, (r: RsaValue, d: Uint8Array | null, p: EncryptionPaddingValue | null) => {
      const data = bytes(d, 'data');
      const oaep = oaepHashOf(p);
      const key = privateKeyOf(r);
      return cng(() => decrypt(key, data, oaep));
    }),
    ExportParameters: method(`(bool includePrivateParameters) => ${RP}`, (r: RsaValue, priv: boolean) => exportParameters(r, priv)),
  },
});

registerType({ name: `${NSC}.RSACng`, base: `${NSC}.RSA`, jsClass: RsaValue });
// Never produced here (Windows .NET hands out RSACng): `is RSACryptoServiceProvider` is false, `as` gives null.
registerType({ name: `${NSC}.RSACryptoServiceProvider`, base: `${NSC}.RSA` });
