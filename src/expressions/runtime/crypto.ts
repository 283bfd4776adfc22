/**
 * System.Security.Cryptography on node:crypto: MD5/SHA1/SHA256/SHA384/SHA512 (Create, ComputeHash,
 * HashData), HMACMD5/HMACSHA1/256/384/512 (key ctor, Key, ComputeHash), RandomNumberGenerator and
 * RNGCryptoServiceProvider, Aes (Create, Key, IV, Mode, Padding), and APIM's byte[] Encrypt/Decrypt
 * extensions ("Aes", "Rijndael", "TripleDES", "DES" with key and IV; CBC and PKCS7 by default, as
 * SymmetricAlgorithm defaults are).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { dotnetError } from '../errors.js';
import { checkCollectionSize } from '../budget.js';
import { enumValue } from '../compiler/conversions.js';
import { ctor, field, method, prop, registerType, typeByFullName } from '../registry.js';
import { EnumValue } from '../values.js';
import { fail } from './fail.js';

const NSC = 'System.Security.Cryptography';

type HashName = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
const HASH_BITS: Record<HashName, number> = { md5: 128, sha1: 160, sha256: 256, sha384: 384, sha512: 512 };

function bytesArg(b: Uint8Array | null, name = 'buffer'): Uint8Array {
  if (b === null || b === undefined) fail('System.ArgumentNullException', `Value cannot be null. (Parameter '${name}')`);
  return b;
}

function slice(b: Uint8Array | null, offset: number, count: number): Uint8Array {
  const buf = bytesArg(b);
  if (offset < 0) fail('System.ArgumentOutOfRangeException', "Non-negative number required. (Parameter 'offset')");
  if (count < 0 || offset + count > buf.length) fail('System.ArgumentException', 'Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.');
  return buf.subarray(offset, offset + count);
}

export class HashAlgorithmValue {
  hash: Uint8Array | null = null;
  disposed = false;
  constructor(readonly algorithm: HashName) {}
  compute(data: Uint8Array): Uint8Array {
    if (this.disposed) fail('System.ObjectDisposedException', `Cannot access a disposed object.\nObject name: '${this.constructor.name}'.`);
    this.hash = new Uint8Array(createHash(this.algorithm).update(data).digest());
    return this.hash;
  }
}

export class HmacValue extends HashAlgorithmValue {
  constructor(
    algorithm: HashName,
    public key: Uint8Array,
  ) {
    super(algorithm);
  }
  override compute(data: Uint8Array): Uint8Array {
    this.hash = new Uint8Array(createHmac(this.algorithm, this.key).update(data).digest());
    return this.hash;
  }
}

const hashMembers = {
  ComputeHash: [
    method('(byte[] buffer) => byte[]', (h: HashAlgorithmValue, b: Uint8Array | null) => h.compute(bytesArg(b))),
    method('(byte[] buffer, int offset, int count) => byte[]', (h: HashAlgorithmValue, b: Uint8Array | null, o: number, n: number) => h.compute(slice(b, o, n))),
  ],
  Hash: prop('byte[]', (h: HashAlgorithmValue) => {
    if (!h.hash) fail(`${NSC}.CryptographicUnexpectedOperationException`, 'Hash must be finalized before the hash value is retrieved.');
    return new Uint8Array(h.hash);
  }),
  HashSize: prop('int', (h: HashAlgorithmValue) => HASH_BITS[h.algorithm]),
  Dispose: method('() => void', (h: HashAlgorithmValue) => {
    h.disposed = true;
  }),
  Clear: method('() => void', (h: HashAlgorithmValue) => {
    h.disposed = true;
  }),
  Initialize: method('() => void', () => undefined),
};

registerType({ name: `${NSC}.CryptographicUnexpectedOperationException`, base: `${NSC}.CryptographicException` });
registerType({ name: 'System.ObjectDisposedException', base: 'System.InvalidOperationException' });
registerType({ name: 'System.IDisposable', kind: 'interface' });

registerType({
  name: `${NSC}.HashAlgorithm`,
  jsClass: HashAlgorithmValue,
  interfaces: ['System.IDisposable'],
  members: hashMembers,
  toString: (h: HashAlgorithmValue) => `${NSC}.${h.algorithm.toUpperCase()}`,
});

const HASH_CLASSES: [string, HashName][] = [
  ['MD5', 'md5'],
  ['SHA1', 'sha1'],
  ['SHA256', 'sha256'],
  ['SHA384', 'sha384'],
  ['SHA512', 'sha512'],
];

for (const [name, alg] of HASH_CLASSES) {
  const create = () => new HashAlgorithmValue(alg);
  registerType({
    name: `${NSC}.${name}`,
    base: `${NSC}.HashAlgorithm`,
    statics: {
      Create: method(`() => ${NSC}.${name}`, create),
      HashData: method('(byte[] source) => byte[]', (b: Uint8Array | null) => create().compute(bytesArg(b, 'source'))),
      HashSizeInBits: field('int', HASH_BITS[alg]),
      HashSizeInBytes: field('int', HASH_BITS[alg] / 8),
    },
  });
  for (const suffix of ['Managed', 'CryptoServiceProvider']) {
    if (name === 'MD5' && suffix === 'Managed') continue;
    registerType({ name: `${NSC}.${name}${suffix}`, base: `${NSC}.${name}`, constructors: [ctor('()', create)] });
  }
}

// ───────────── HMAC ─────────────

/** .NET HMAC keys longer than the block size are hashed first; node does the same internally. */
registerType({
  name: `${NSC}.KeyedHashAlgorithm`,
  base: `${NSC}.HashAlgorithm`,
  jsClass: HmacValue,
  toString: (h: HmacValue) => `${NSC}.HMAC${h.algorithm.toUpperCase()}`,
  members: {
    Key: prop(
      'byte[]',
      (h: HmacValue) => new Uint8Array(h.key),
      (h: HmacValue, k: Uint8Array | null) => {
        h.key = new Uint8Array(bytesArg(k, 'value'));
      },
    ),
  },
});
registerType({ name: `${NSC}.HMAC`, base: `${NSC}.KeyedHashAlgorithm` });

const HMAC_CLASSES: [string, HashName, number][] = [
  ['HMACMD5', 'md5', 64],
  ['HMACSHA1', 'sha1', 64],
  ['HMACSHA256', 'sha256', 64],
  ['HMACSHA384', 'sha384', 128],
  ['HMACSHA512', 'sha512', 128],
];

for (const [name, alg, blockSize] of HMAC_CLASSES) {
  registerType({
    name: `${NSC}.${name}`,
    base: `${NSC}.HMAC`,
    constructors: [
      // the parameterless constructor draws a random key of the block size, as .NET does
      ctor('()', () => new HmacValue(alg, new Uint8Array(randomBytes(blockSize)))),
      ctor('(byte[] key)', (k: Uint8Array | null) => new HmacValue(alg, new Uint8Array(bytesArg(k, 'key')))),
    ],
    statics: {
      HashData: method('(byte[] key, byte[] source) => byte[]', (k: Uint8Array | null, s: Uint8Array | null) => new HmacValue(alg, bytesArg(k, 'key')).compute(bytesArg(s, 'source'))),
    },
  });
}

// ───────────── random numbers ─────────────

export class RngValue {}

const fill = (b: Uint8Array | null) => {
  const buf = bytesArg(b, 'data');
  buf.set(randomBytes(buf.length));
};

registerType({
  name: `${NSC}.RandomNumberGenerator`,
  jsClass: RngValue,
  interfaces: ['System.IDisposable'],
  statics: {
    Create: method(`() => ${NSC}.RandomNumberGenerator`, () => new RngValue()),
    GetBytes: method('(int count) => byte[]', (n: number) => {
      if (n < 0) fail('System.ArgumentOutOfRangeException', `count ('${n}') must be a non-negative value. (Parameter 'count')\nActual value was ${n}.`);
      checkCollectionSize(n);
      return new Uint8Array(randomBytes(n));
    }),
    GetInt32: [
      method('(int toExclusive) => int', (max: number) => {
        if (max <= 0) fail('System.ArgumentException', "Range of random number does not contain at least one possibility. (Parameter 'toExclusive')");
        return randomInt(0, max);
      }),
      method('(int fromInclusive, int toExclusive) => int', (min: number, max: number) => {
        if (min >= max) fail('System.ArgumentException', "Range of random number does not contain at least one possibility. (Parameter 'fromInclusive')");
        return randomInt(min, max);
      }),
    ],
    Fill: method('(byte[] data) => void', fill),
  },
  members: {
    GetBytes: method('(byte[] data) => void', (_r: RngValue, b: Uint8Array | null) => fill(b)),
    GetNonZeroBytes: method('(byte[] data) => void', (_r: RngValue, b: Uint8Array | null) => {
      const buf = bytesArg(b, 'data');
      for (let i = 0; i < buf.length; i++) {
        let v = 0;
        while (v === 0) v = randomBytes(1)[0]!;
        buf[i] = v;
      }
    }),
    Dispose: method('() => void', () => undefined),
  },
  toString: () => `${NSC}.RandomNumberGenerator`,
});

registerType({
  name: `${NSC}.RNGCryptoServiceProvider`,
  base: `${NSC}.RandomNumberGenerator`,
  constructors: [ctor('()', () => new RngValue())],
});

// ───────────── symmetric encryption ─────────────

registerType({ name: `${NSC}.CipherMode`, kind: 'enum', enumMembers: { CBC: 1, ECB: 2, OFB: 3, CFB: 4, CTS: 5 } });
registerType({ name: `${NSC}.PaddingMode`, kind: 'enum', enumMembers: { None: 1, PKCS7: 2, Zeros: 3, ANSIX923: 4, ISO10126: 5 } });

export class SymmetricValue {
  key: Uint8Array;
  iv: Uint8Array;
  mode = 1;
  padding = 2;
  constructor(readonly algorithm: 'aes' | 'des-ede3' | 'des') {
    const sizes = CIPHERS[algorithm];
    this.key = new Uint8Array(randomBytes(sizes.keys[sizes.keys.length - 1]!));
    this.iv = new Uint8Array(randomBytes(sizes.block));
  }
}

const CIPHERS = {
  aes: { keys: [16, 24, 32], block: 16 },
  'des-ede3': { keys: [16, 24], block: 8 },
  des: { keys: [8], block: 8 },
};

const ALGORITHM_NAMES: Record<string, SymmetricValue['algorithm']> = {
  aes: 'aes',
  'system.security.cryptography.aes': 'aes',
  aesmanaged: 'aes',
  aescryptoserviceprovider: 'aes',
  rijndael: 'aes',
  rijndaelmanaged: 'aes',
  'system.security.cryptography.rijndael': 'aes',
  tripledes: 'des-ede3',
  '3des': 'des-ede3',
  'triple des': 'des-ede3',
  'system.security.cryptography.tripledes': 'des-ede3',
  des: 'des',
  'system.security.cryptography.des': 'des',
};

function cipherName(alg: SymmetricValue['algorithm'], keyLength: number, mode: number): string {
  const m = { 1: 'cbc', 2: 'ecb', 4: 'cfb8', 3: 'ofb' }[mode as 1 | 2 | 3 | 4];
  if (!m) fail(`${NSC}.CryptographicException`, 'Specified cipher mode is not valid for this algorithm.');
  if (alg === 'aes') return `aes-${keyLength * 8}-${m}`;
  if (alg === 'des-ede3') return keyLength === 16 ? `des-ede-${m}` : `des-ede3-${m}`;
  return `des-${m}`;
}

/** Encrypts or decrypts like SymmetricAlgorithm.CreateEncryptor/CreateDecryptor + CryptoStream. */
export function runCipher(encrypt: boolean, alg: SymmetricValue['algorithm'], key: Uint8Array, iv: Uint8Array, data: Uint8Array, mode = 1, padding = 2): Uint8Array {
  const spec = CIPHERS[alg];
  if (!spec.keys.includes(key.length)) fail(`${NSC}.CryptographicException`, 'Specified key is not a valid size for this algorithm.');
  if (mode !== 2 && iv.length !== spec.block) fail(`${NSC}.CryptographicException`, 'Specified initialization vector (IV) does not match the block size for this algorithm.');
  if (padding !== 1 && padding !== 2 && padding !== 3) fail(`${NSC}.CryptographicException`, 'Specified padding mode is not valid for this algorithm.');
  const name = cipherName(alg, key.length, mode);
  let input = data;
  if (encrypt && padding === 3 && data.length % spec.block !== 0) {
    input = new Uint8Array(Math.ceil(data.length / spec.block) * spec.block);
    input.set(data);
  }
  if (padding !== 2 && input.length % spec.block !== 0 && mode !== 4)
    fail(`${NSC}.CryptographicException`, 'The input data is not a complete block.');
  try {
    const c = encrypt ? createCipheriv(name, key, mode === 2 ? null : iv) : createDecipheriv(name, key, mode === 2 ? null : iv);
    c.setAutoPadding(padding === 2);
    return new Uint8Array(Buffer.concat([c.update(input), c.final()]));
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_OSSL_EVP_UNSUPPORTED' || /unsupported/i.test(String(e))) fail('System.PlatformNotSupportedException', `The cipher '${name}' is not available on this gateway.`);
    if (!encrypt) fail(`${NSC}.CryptographicException`, 'Padding is invalid and cannot be removed.');
    throw e;
  }
}

function algorithmByName(name: string | null): SymmetricValue['algorithm'] {
  if (name === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'algName')");
  const alg = ALGORITHM_NAMES[name.toLowerCase()];
  // SymmetricAlgorithm.Create(name) returns null for an unknown name; the extension then dereferences it
  if (!alg) throw dotnetError('System.NullReferenceException');
  return alg;
}

/** [key, iv, input] in runCipher's order. */
function cryptArgs(input: Uint8Array | null, key: Uint8Array | null, iv: Uint8Array | null): [Uint8Array, Uint8Array, Uint8Array] {
  return [bytesArg(key, 'key'), bytesArg(iv, 'iv'), bytesArg(input, 'input')];
}

const modeOf = (e: EnumValue) => e.value;
const member = (type: string, v: number) => enumValue(typeByFullName(type)!, v);

registerType({
  name: `${NSC}.SymmetricAlgorithm`,
  jsClass: SymmetricValue,
  interfaces: ['System.IDisposable'],
  members: {
    Key: prop(
      'byte[]',
      (s: SymmetricValue) => new Uint8Array(s.key),
      (s: SymmetricValue, k: Uint8Array | null) => {
        const key = bytesArg(k, 'value');
        if (!CIPHERS[s.algorithm].keys.includes(key.length)) fail(`${NSC}.CryptographicException`, 'Specified key is not a valid size for this algorithm.');
        s.key = new Uint8Array(key);
      },
    ),
    IV: prop(
      'byte[]',
      (s: SymmetricValue) => new Uint8Array(s.iv),
      (s: SymmetricValue, v: Uint8Array | null) => {
        const iv = bytesArg(v, 'value');
        if (iv.length !== CIPHERS[s.algorithm].block) fail(`${NSC}.CryptographicException`, 'Specified initialization vector (IV) does not match the block size for this algorithm.');
        s.iv = new Uint8Array(iv);
      },
    ),
    KeySize: prop(
      'int',
      (s: SymmetricValue) => s.key.length * 8,
      (s: SymmetricValue, bits: number) => {
        if (!CIPHERS[s.algorithm].keys.includes(bits / 8)) fail(`${NSC}.CryptographicException`, 'Specified key is not a valid size for this algorithm.');
        s.key = new Uint8Array(randomBytes(bits / 8));
      },
    ),
    BlockSize: prop('int', (s: SymmetricValue) => CIPHERS[s.algorithm].block * 8),
    Mode: prop(
      `${NSC}.CipherMode`,
      (s: SymmetricValue) => member(`${NSC}.CipherMode`, s.mode),
      (s: SymmetricValue, m: EnumValue) => {
        s.mode = modeOf(m);
      },
    ),
    Padding: prop(
      `${NSC}.PaddingMode`,
      (s: SymmetricValue) => member(`${NSC}.PaddingMode`, s.padding),
      (s: SymmetricValue, p: EnumValue) => {
        s.padding = modeOf(p);
      },
    ),
    GenerateKey: method('() => void', (s: SymmetricValue) => {
      s.key = new Uint8Array(randomBytes(s.key.length));
    }),
    GenerateIV: method('() => void', (s: SymmetricValue) => {
      s.iv = new Uint8Array(randomBytes(CIPHERS[s.algorithm].block));
    }),
    Dispose: method('() => void', () => undefined),
  },
  toString: (s: SymmetricValue) => `${NSC}.${s.algorithm === 'aes' ? 'AesImplementation' : 'TripleDesImplementation'}`,
});

for (const [name, alg] of [
  ['Aes', 'aes'],
  ['Rijndael', 'aes'],
  ['TripleDES', 'des-ede3'],
  ['DES', 'des'],
] as const) {
  registerType({ name: `${NSC}.${name}`, base: `${NSC}.SymmetricAlgorithm`, statics: { Create: method(`() => ${NSC}.${name}`, () => new SymmetricValue(alg)) } });
}
registerType({ name: `${NSC}.AesManaged`, base: `${NSC}.Aes`, constructors: [ctor('()', () => new SymmetricValue('aes'))] });
registerType({ name: `${NSC}.RijndaelManaged`, base: `${NSC}.Rijndael`, constructors: [ctor('()', () => new SymmetricValue('aes'))] });

registerType({
  name: 'Microsoft.Azure.ApiManagement.Policies.Expressions.CryptoExtensions',
  kind: 'static',
  extensions: {
    Encrypt: [
      method('(this byte[] input, string alg, byte[] key, byte[] iv) => byte[]', (i: Uint8Array | null, a: string | null, k: Uint8Array | null, v: Uint8Array | null) => {
        const alg = algorithmByName(a);
        return runCipher(true, alg, ...cryptArgs(i, k, v));
      }),
      method(`(this byte[] input, ${NSC}.SymmetricAlgorithm alg) => byte[]`, (i: Uint8Array | null, s: SymmetricValue | null) => {
        if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'alg')");
        return runCipher(true, s.algorithm, s.key, s.iv, bytesArg(i, 'input'), s.mode, s.padding);
      }),
      method(`(this byte[] input, ${NSC}.SymmetricAlgorithm alg, byte[] key, byte[] iv) => byte[]`, (i: Uint8Array | null, s: SymmetricValue | null, k: Uint8Array | null, v: Uint8Array | null) => {
        if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'alg')");
        return runCipher(true, s.algorithm, ...cryptArgs(i, k, v), s.mode, s.padding);
      }),
    ],
    Decrypt: [
      method('(this byte[] input, string alg, byte[] key, byte[] iv) => byte[]', (i: Uint8Array | null, a: string | null, k: Uint8Array | null, v: Uint8Array | null) => {
        const alg = algorithmByName(a);
        return runCipher(false, alg, ...cryptArgs(i, k, v));
      }),
      method(`(this byte[] input, ${NSC}.SymmetricAlgorithm alg) => byte[]`, (i: Uint8Array | null, s: SymmetricValue | null) => {
        if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'alg')");
        return runCipher(false, s.algorithm, s.key, s.iv, bytesArg(i, 'input'), s.mode, s.padding);
      }),
      method(`(this byte[] input, ${NSC}.SymmetricAlgorithm alg, byte[] key, byte[] iv) => byte[]`, (i: Uint8Array | null, s: SymmetricValue | null, k: Uint8Array | null, v: Uint8Array | null) => {
        if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'alg')");
        return runCipher(false, s.algorithm, ...cryptArgs(i, k, v), s.mode, s.padding);
      }),
    ],
  },
});
