/**
 * Named values of an estate: `named values/<folder>/namedValueInformation.json`. Policies use them by
 * display name (`{{displayName}}`); the folder is only the resource name (often a GUID), which the
 * override file names. Secrets are extracted without their value and Key Vault references hold only
 * the secret's URL, so their value comes from this machine, first source that has one:
 *   1. the environment: ONHANDSHAKE_NV_<displayName> (`-` written `__`, any case), as check and trace read;
 *   2. a local secrets file (--named-values F: `displayName: value`), never committed with the estate;
 *   3. the override file's `value` (or its `keyVault`, which again needs 1 or 2);
 *   4. the artifact's `value`.
 */
import { join } from 'node:path';
import { diagnostic, type Diagnostic, type SourceLocation } from '../../policy/diagnostics.js';
import type { NamedValues } from '../../policy/contract.js';
import type { ConfigNamedValue } from '../types.js';
import { CONFIG_CODES } from '../yaml-cursor.js';
import { ARTIFACTS, isFile, subfolders } from './layout.js';
import { isObject, readDataFile } from './located-data.js';
import { effectiveProperties, type Overrides } from './overrides.js';

export interface NamedValueSources {
  /** ONHANDSHAKE_NV_* values (names lower-cased). */
  environment: NamedValues;
  /** The secrets file's values (names lower-cased), if one was given. */
  secretsFile?: NamedValues;
}

/** A named value no source gives a value; an error only where a policy uses it. */
export interface UnresolvedNamedValue {
  displayName: string;
  why: string;
  at: SourceLocation;
}

export interface EstateNamedValues {
  values: Map<string, ConfigNamedValue>;
  unresolved: UnresolvedNamedValue[];
  files: string[];
}

export function readNamedValues(scopeDir: string, overrides: Overrides, sources: NamedValueSources, diagnostics: Diagnostic[]): EstateNamedValues {
  const out: EstateNamedValues = { values: new Map(), unresolved: [], files: [] };
  const root = join(scopeDir, ARTIFACTS.namedValues.folder);
  for (const folder of subfolders(root)) {
    const file = join(root, folder, ARTIFACTS.namedValues.info);
    if (!isFile(file)) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `named value folder '${folder}' has no ${ARTIFACTS.namedValues.info}`, { file: join(root, folder), line: 1, column: 1 }));
      continue;
    }
    out.files.push(file);
    const read = readDataFile(file, 'json');
    if (!read.ok) {
      diagnostics.push(...read.diagnostics);
      continue;
    }
    const props = effectiveProperties(read.located, overrides.of('namedValues', folder));
    const displayName = props.get('displayName') ?? folder;
    if (typeof displayName !== 'string' || !/^[A-Za-z0-9._-]+$/.test(displayName)) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `properties.displayName must be a name of letters, digits, '.', '_' and '-', not ${JSON.stringify(displayName)}`, props.at('displayName')));
      continue;
    }
    const key = displayName.toLowerCase();
    if (out.values.has(key) || out.unresolved.some((u) => u.displayName.toLowerCase() === key)) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `named value '${displayName}' is defined twice (display names must be unique)`, props.at('displayName')));
      continue;
    }
    const secret = props.get('secret') === true || props.get('keyVault') !== undefined;
    const given = sources.environment.get(key) ?? sources.secretsFile?.get(key);
    if (given !== undefined) {
      out.values.set(key, { value: given.value, secret: secret || given.secret, at: props.at('displayName') });
      continue;
    }
    const value = props.get('value');
    const keyVault = props.get('keyVault');
    // An override's keyVault replaces an extracted value (and the other way round).
    const valueWins = value !== undefined && !(props.overridden('keyVault') && !props.overridden('value'));
    if (valueWins) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `named value '${displayName}': value must be a string`, props.at('value')));
        continue;
      }
      out.values.set(key, { value: String(value), secret, at: props.at('value') });
      continue;
    }
    const secretId = isObject(keyVault) && typeof keyVault.secretIdentifier === 'string' ? keyVault.secretIdentifier : undefined;
    const source = `set ONHANDSHAKE_NV_${displayName.replaceAll('-', '__')} or give it in a secrets file (--named-values F)`;
    out.unresolved.push({
      displayName,
      at: props.at(keyVault !== undefined ? 'keyVault' : 'displayName'),
      why:
        keyVault !== undefined
          ? `is a Key Vault reference${secretId ? ` (${secretId})` : ''}, which onhandshake does not call: ${source}`
          : `is a secret extracted without its value: ${source}, or a value in the override file`,
    });
  }
  return out;
}

/** `{{name}}` uses in policy text (names lower-cased), to tell needed named values from unused ones. */
export function namedValueUses(policyText: string): Set<string> {
  return new Set([...policyText.matchAll(/\{\{\s*([A-Za-z0-9._-]+)\s*\}\}/g)].map((m) => m[1]!.toLowerCase()));
}
