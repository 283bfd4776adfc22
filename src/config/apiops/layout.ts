/**
 * Where Azure APIOps (v7: src/common/*.cs of Azure/apiops) writes each artifact of a service or a
 * workspace: one folder per resource, named after the resource, holding its `…Information.json` and,
 * for policy resources, `policy.xml` (extracted as rawxml).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ARTIFACTS = {
  policy: 'policy.xml',
  apis: { folder: 'apis', info: 'apiInformation.json', operations: 'operations' },
  namedValues: { folder: 'named values', info: 'namedValueInformation.json' },
  backends: { folder: 'backends', info: 'backendInformation.json' },
  fragments: { folder: 'policy fragments', info: 'policyFragmentInformation.json' },
  products: { folder: 'products', info: 'productInformation.json', apis: 'apis', apiInfo: 'productApiInformation.json', olderApis: 'apis.json' },
  subscriptions: { folder: 'subscriptions', info: 'subscriptionInformation.json' },
  workspaces: { folder: 'workspaces' },
} as const;

/** The WebSocket API's one operation (APIM names it so; folders are matched case-insensitively). */
export const ON_HANDSHAKE_OPERATION = 'onHandshake';

/** `apis/<name>;rev=<n>`: a revision other than the one the folder without `;rev=` holds. */
const REVISION_SEPARATOR = ';rev=';

export function splitRevision(folder: string): { name: string; revision?: string } {
  const at = folder.indexOf(REVISION_SEPARATOR);
  return at < 0 ? { name: folder } : { name: folder.slice(0, at), revision: folder.slice(at + REVISION_SEPARATOR.length) };
}

/** A folder looks like an APIOps extract when it holds one of the service-level artifacts. */
export function isApiopsFolder(dir: string): boolean {
  return [ARTIFACTS.policy, ARTIFACTS.apis.folder, ARTIFACTS.namedValues.folder, ARTIFACTS.fragments.folder, ARTIFACTS.products.folder, ARTIFACTS.workspaces.folder].some((name) =>
    existsSync(join(dir, name)),
  );
}

/** Sub-folders of `dir` (none when it does not exist), sorted for a stable order. */
export function subfolders(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The child of `dir` named `name`, matched case-insensitively (APIM names are case-insensitive). */
export function childIgnoringCase(dir: string, name: string): string | undefined {
  if (!isDirectory(dir)) return undefined;
  const found = readdirSync(dir).find((e) => e.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : join(dir, found);
}

/** `dir/policy.xml` when it exists. */
export function policyIn(dir: string): string | undefined {
  const file = join(dir, ARTIFACTS.policy);
  return isFile(file) ? file : undefined;
}
