/**
 * System.Security.Cryptography.HashAlgorithmName: a struct around a name (MD5, SHA1, SHA256, SHA384,
 * SHA512). Names are compared ordinally, as .NET does; an unknown name fails where it is used (signing,
 * hashing) with .NET's "'X' is not a known hash algorithm.".
 */
import { ctor, prop, registerType } from '../../registry.js';
import { fail } from '../fail.js';

export const NSC = 'System.Security.Cryptography';
const HAN = `${NSC}.HashAlgorithmName`;

export class HashAlgorithmNameValue {
  constructor(readonly name: string | null) {}
}

export type NodeHash = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

const NODE_HASHES: Record<string, NodeHash> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

/** Hash output sizes in bytes. */
export const HASH_LENGTH: Record<NodeHash, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** The node:crypto name for a HashAlgorithmName argument, with .NET's errors for null, empty and unknown. */
export function nodeHash(h: HashAlgorithmNameValue | null | undefined, parameter = 'hashAlgorithm'): NodeHash {
  const name = h?.name ?? null;
  if (name === null || name === '') fail('System.ArgumentException', `The hash algorithm name cannot be null or empty. (Parameter '${parameter}')`);
  const hash = NODE_HASHES[name];
  if (!hash) fail(`${NSC}.CryptographicException`, `'${name}' is not a known hash algorithm.`);
  return hash;
}

const named = (name: string) => prop(HAN, () => new HashAlgorithmNameValue(name));

registerType({
  name: HAN,
  kind: 'struct',
  jsClass: HashAlgorithmNameValue,
  constructors: [ctor('()', () => new HashAlgorithmNameValue(null)), ctor('(string name)', (n: string | null) => new HashAlgorithmNameValue(n))],
  statics: {
    MD5: named('MD5'),
    SHA1: named('SHA1'),
    SHA256: named('SHA256'),
    SHA384: named('SHA384'),
    SHA512: named('SHA512'),
  },
  members: {
    Name: prop('string', (h: HashAlgorithmNameValue) => h.name),
  },
  toString: (h: HashAlgorithmNameValue) => h.name ?? '',
  equals: (a: HashAlgorithmNameValue, b: HashAlgorithmNameValue) => a.name === b.name,
  hash: (h: HashAlgorithmNameValue) => h.name ?? '',
});
