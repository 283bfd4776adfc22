/**
 * RSASignaturePadding (Pkcs1, Pss) and RSAEncryptionPadding (Pkcs1, OaepSHA1/256/384/512, CreateOaep),
 * with their mode enums. ToString as .NET: "Pkcs1", "Pss", "OaepSHA256".
 */
import { enumValue } from '../../compiler/conversions.js';
import { method, prop, registerType, typeByFullName } from '../../registry.js';
import { argumentNull, fail } from '../fail.js';
import { HashAlgorithmNameValue, NSC } from './hash-name.js';

export class SignaturePaddingValue {
  constructor(readonly mode: 'Pkcs1' | 'Pss') {}
}

export class EncryptionPaddingValue {
  constructor(
    readonly mode: 'Pkcs1' | 'Oaep',
    readonly oaepHash: HashAlgorithmNameValue,
  ) {}
}

const SIGNATURE = { Pkcs1: new SignaturePaddingValue('Pkcs1'), Pss: new SignaturePaddingValue('Pss') };
const oaep = (name: string) => new EncryptionPaddingValue('Oaep', new HashAlgorithmNameValue(name));
const ENCRYPTION = {
  Pkcs1: new EncryptionPaddingValue('Pkcs1', new HashAlgorithmNameValue(null)),
  OaepSHA1: oaep('SHA1'),
  OaepSHA256: oaep('SHA256'),
  OaepSHA384: oaep('SHA384'),
  OaepSHA512: oaep('SHA512'),
};

const SIG_MODE = `${NSC}.RSASignaturePaddingMode`;
const ENC_MODE = `${NSC}.RSAEncryptionPaddingMode`;
registerType({ name: SIG_MODE, kind: 'enum', enumMembers: { Pkcs1: 0, Pss: 1 } });
registerType({ name: ENC_MODE, kind: 'enum', enumMembers: { Pkcs1: 0, Oaep: 1 } });
const modeOf = (type: string, value: number) => enumValue(typeByFullName(type)!, value);

const SP = `${NSC}.RSASignaturePadding`;
registerType({
  name: SP,
  jsClass: SignaturePaddingValue,
  statics: {
    Pkcs1: prop(SP, () => SIGNATURE.Pkcs1),
    Pss: prop(SP, () => SIGNATURE.Pss),
  },
  members: {
    Mode: prop(SIG_MODE, (p: SignaturePaddingValue) => modeOf(SIG_MODE, p.mode === 'Pkcs1' ? 0 : 1)),
  },
  toString: (p: SignaturePaddingValue) => p.mode,
  equals: (a: SignaturePaddingValue, b: SignaturePaddingValue) => a.mode === b.mode,
});

const EP = `${NSC}.RSAEncryptionPadding`;
registerType({
  name: EP,
  jsClass: EncryptionPaddingValue,
  statics: {
    Pkcs1: prop(EP, () => ENCRYPTION.Pkcs1),
    OaepSHA1: prop(EP, () => ENCRYPTION.OaepSHA1),
    OaepSHA256: prop(EP, () => ENCRYPTION.OaepSHA256),
    OaepSHA384: prop(EP, () => ENCRYPTION.OaepSHA384),
    OaepSHA512: prop(EP, () => ENCRYPTION.OaepSHA512),
    CreateOaep: method(`(${NSC}.HashAlgorithmName hashAlgorithm) => ${EP}`, (h: HashAlgorithmNameValue) => {
      if (!h.name) fail('System.ArgumentException', "The value cannot be an empty string. (Parameter 'hashAlgorithm.Name')");
      return new EncryptionPaddingValue('Oaep', h);
    }),
  },
  members: {
    Mode: prop(ENC_MODE, (p: EncryptionPaddingValue) => modeOf(ENC_MODE, p.mode === 'Pkcs1' ? 0 : 1)),
    OaepHashAlgorithm: prop(`${NSC}.HashAlgorithmName`, (p: EncryptionPaddingValue) => p.oaepHash),
  },
  toString: (p: EncryptionPaddingValue) => p.mode + (p.oaepHash.name ?? ''),
  equals: (a: EncryptionPaddingValue, b: EncryptionPaddingValue) => a.mode === b.mode && a.oaepHash.name === b.oaepHash.name,
});

export function signaturePadding(p: SignaturePaddingValue | null): SignaturePaddingValue {
  if (p === null || p === undefined) argumentNull('padding');
  return p;
}

export function encryptionPadding(p: EncryptionPaddingValue | null): EncryptionPaddingValue {
  if (p === null || p === undefined) argumentNull('padding');
  return p;
}
