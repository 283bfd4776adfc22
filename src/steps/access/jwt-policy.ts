/**
 * The parts validate-jwt and validate-azure-ad-token share: their child elements' declarations, how
 * those compile (keys parsed once when literal), and how a run turns them into validation options.
 */
import { createPrivateKey, createSecretKey } from 'node:crypto';
import { CODES } from '../runtime/codes.js';
import { PolicyError } from '../runtime/errors.js';
import { lookup } from '../runtime/options.js';
import type { RunContext } from '../runtime/run-context.js';
import type { CompiledValue } from '../runtime/step.js';
import { asString, evaluateAll } from '../runtime/values.js';
import type { PolicyElement } from '../../policy/tree.js';
import type { CompileContext, ElementSpec } from '../handler.js';
import type { DecryptionKey } from '../../access/jwe.js';
import { keyFromCertificate, rsaKeyFromModulus, symmetricKeyFromBase64, type VerificationKey } from '../../access/jwt-keys.js';
import type { KeySource, RequiredClaim } from '../../access/jwt-validate.js';
import { OpenIdConfigCache } from '../../access/openid-config.js';
import './options.js';

const KEY: ElementSpec = {
  name: 'key',
  attributes: [
    { name: 'id', expression: false },
    { name: 'certificate-id', expression: false },
    { name: 'n', expression: false },
    { name: 'e', expression: false },
  ],
  text: { expression: true },
};
const TEXT_ITEM = (name: string): ElementSpec => ({ name, attributes: [], text: { required: true, expression: true } });
const LIST = (name: string, item: ElementSpec): ElementSpec => ({ name, attributes: [], children: [{ element: item, required: true, repeatable: true }] });
const CLAIM: ElementSpec = {
  name: 'claim',
  attributes: [
    { name: 'name', required: true, expression: false },
    { name: 'match', default: 'all', values: ['all', 'any'], expression: false },
    { name: 'separator', expression: false },
  ],
  children: [{ element: TEXT_ITEM('value'), repeatable: true }],
};

export const JWT_CHILDREN = {
  openIdConfig: {
    name: 'openid-config',
    attributes: [
      { name: 'url', required: true, expression: false },
      { name: 'validate-connectivity', type: 'boolean', default: 'false', expression: false },
    ],
  } satisfies ElementSpec,
  issuerSigningKeys: LIST('issuer-signing-keys', KEY),
  decryptionKeys: LIST('decryption-keys', KEY),
  audiences: LIST('audiences', TEXT_ITEM('audience')),
  issuers: LIST('issuers', TEXT_ITEM('issuer')),
  requiredClaims: LIST('required-claims', CLAIM),
  clientApplicationIds: LIST('client-application-ids', TEXT_ITEM('application-id')),
  backendApplicationIds: LIST('backend-application-ids', TEXT_ITEM('application-id')),
};

/** A key written in the policy: parsed now when literal, at run time when an expression. */
type KeyEntry<K> = { key: K } | { text: CompiledValue; id?: string };

export interface CompiledClaim {
  name: string;
  match: 'all' | 'any';
  separator?: string;
  values: CompiledValue[];
}

export interface CompiledJwtChildren {
  signingKeys: KeyEntry<VerificationKey>[];
  decryptionKeys: KeyEntry<DecryptionKey>[];
  keySources: KeySource[];
  audiences: CompiledValue[];
  issuers: CompiledValue[];
  claims: CompiledClaim[];
}

let defaultOpenIdCache: OpenIdConfigCache | undefined;

function attrText(el: PolicyElement, name: string): string | undefined {
  const a = el.attributes.find((x) => x.name === name);
  return a?.value.kind === 'literal' ? a.value.text : undefined;
}

export function compileJwtChildren(el: PolicyElement, ctx: CompileContext): CompiledJwtChildren {
  const out: CompiledJwtChildren = { signingKeys: [], decryptionKeys: [], keySources: [], audiences: [], issuers: [], claims: [] };
  const bad = (at: PolicyElement, message: string) => ctx.report('error', CODES.badAttributeValue, message, at.loc, at.path);
  for (const child of el.children) {
    switch (child.name) {
      case 'openid-config': {
        const url = attrText(child, 'url') ?? '';
        if (!/^https?:\/\//i.test(url)) {
          bad(child, `<openid-config> url must be an http(s) URL, not '${url}'`);
          break;
        }
        const cache = ctx.options.openIdCache ?? (defaultOpenIdCache ??= new OpenIdConfigCache());
        out.keySources.push(cache.source(url));
        break;
      }
      case 'issuer-signing-keys':
        for (const k of child.children) {
          const entry = compileKey(k, ctx, bad, 'signing');
          if (entry) out.signingKeys.push(entry as KeyEntry<VerificationKey>);
        }
        break;
      case 'decryption-keys':
        for (const k of child.children) {
          const entry = compileKey(k, ctx, bad, 'decryption');
          if (entry) out.decryptionKeys.push(entry as KeyEntry<DecryptionKey>);
        }
        break;
      case 'audiences':
        out.audiences.push(...child.children.map((c) => ctx.text(c, 'audience')!).filter(Boolean));
        break;
      case 'issuers':
        out.issuers.push(...child.children.map((c) => ctx.text(c, 'issuer')!).filter(Boolean));
        break;
      case 'required-claims':
        for (const c of child.children) {
          const separator = attrText(c, 'separator');
          out.claims.push({
            name: attrText(c, 'name') ?? '',
            match: (attrText(c, 'match') ?? 'all').toLowerCase() === 'any' ? 'any' : 'all',
            ...(separator ? { separator } : {}),
            values: c.children.map((v) => ctx.text(v, `claim ${attrText(c, 'name')}`)!).filter(Boolean),
          });
        }
        break;
    }
  }
  return out;
}

function compileKey(
  k: PolicyElement,
  ctx: CompileContext,
  bad: (at: PolicyElement, message: string) => void,
  use: 'signing' | 'decryption',
): KeyEntry<VerificationKey | DecryptionKey> | undefined {
  const id = attrText(k, 'id');
  const certificateId = attrText(k, 'certificate-id');
  const n = attrText(k, 'n');
  const e = attrText(k, 'e');
  try {
    if (certificateId !== undefined) {
      const cert = lookup(ctx.options.certificates, certificateId);
      if (!cert) {
        bad(k, `certificate-id '${certificateId}' is not among the configured certificates`);
        return undefined;
      }
      if (use === 'decryption') {
        if (!cert.key) throw new Error(`certificate '${certificateId}' has no private key (PEM 'key') to decrypt with`);
        return { key: { ...(id ? { id } : {}), key: createPrivateKey(cert.key) } };
      }
      if (!cert.cert) throw new Error(`certificate '${certificateId}' has no PEM certificate ('cert')`);
      return { key: keyFromCertificate(cert.cert, id) };
    }
    if (n !== undefined || e !== undefined) {
      if (!n || !e) throw new Error(`<key> needs both 'n' and 'e'`);
      return { key: rsaKeyFromModulus(n, e, id) };
    }
    const text = ctx.text(k, 'key');
    if (!text) {
      bad(k, `<key> needs Base64 text, 'certificate-id', or 'n' and 'e'`);
      return undefined;
    }
    // Expressions, and named values `check` could not resolve (`{{name}}` kept as is), are read at run time.
    if (text.evaluator || (text.literal ?? '').includes('{{')) return { text, ...(id ? { id } : {}) };
    return { key: parseKeyText(text.literal ?? '', id, use) };
  } catch (err) {
    bad(k, `invalid ${use} key: ${(err as Error).message}`);
    return undefined;
  }
}

function parseKeyText(text: string, id: string | undefined, use: 'signing' | 'decryption'): VerificationKey | DecryptionKey {
  if (use === 'signing') return symmetricKeyFromBase64(text, id);
  const sym = symmetricKeyFromBase64(text, id);
  return { ...(id ? { id } : {}), key: createSecretKey(sym.key.export()) };
}

const parsedKeys = new Map<string, VerificationKey | DecryptionKey>();

/** Keys whose text is an expression: parsed per distinct value (kept in a small cache). */
async function resolveKeys<K extends VerificationKey | DecryptionKey>(rt: RunContext, entries: KeyEntry<K>[], use: 'signing' | 'decryption'): Promise<K[]> {
  const keys: K[] = [];
  for (const entry of entries) {
    if ('key' in entry) {
      keys.push(entry.key);
      continue;
    }
    const text = asString(await rt.evaluate(entry.text));
    rt.addSecret(text);
    const cacheKey = `${use}\u0000${entry.id ?? ''}\u0000${text}`;
    let key = parsedKeys.get(cacheKey);
    if (!key) {
      try {
        key = parseKeyText(text, entry.id, use);
      } catch (err) {
        throw new PolicyError(rt.step?.name ?? 'validate-jwt', 'ExpressionValueEvaluationFailure', `Invalid ${use} key: ${(err as Error).message}.`);
      }
      if (parsedKeys.size > 256) parsedKeys.clear();
      parsedKeys.set(cacheKey, key);
    }
    keys.push(key as K);
  }
  return keys;
}

export interface ResolvedJwtChildren {
  signingKeys: VerificationKey[];
  decryptionKeys: DecryptionKey[];
  audiences: string[];
  issuers: string[];
  requiredClaims: RequiredClaim[];
}

export async function resolveJwtChildren(rt: RunContext, c: CompiledJwtChildren): Promise<ResolvedJwtChildren> {
  const strings = async (values: CompiledValue[]) => (await evaluateAll(rt, values)).map(asString);
  return {
    signingKeys: await resolveKeys(rt, c.signingKeys, 'signing'),
    decryptionKeys: await resolveKeys(rt, c.decryptionKeys, 'decryption'),
    audiences: await strings(c.audiences),
    issuers: await strings(c.issuers),
    requiredClaims: await Promise.all(
      c.claims.map(async (claim) => ({
        name: claim.name,
        match: claim.match,
        ...(claim.separator ? { separator: claim.separator } : {}),
        values: await strings(claim.values),
      })),
    ),
  };
}
