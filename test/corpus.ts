/**
 * Where the shared snippet corpus (Microsoft's policy snippets) is, for the tests that read it. It lives
 * beside CI's clone (../shared/corpus/snippets from the repository root, whatever the working folder);
 * ONHANDSHAKE_CORPUS names another folder (a missing one hides it). Where it is absent the tests that
 * need it are skipped, each file printing one line saying why; CI (.ci/run) refuses to run without it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const wanted = process.env.ONHANDSHAKE_CORPUS ? resolve(process.env.ONHANDSHAKE_CORPUS) : resolve(repositoryRoot, '../shared/corpus/snippets');

/** The corpus folder, or undefined where it is absent. */
export const corpusDir: string | undefined = existsSync(wanted) ? wanted : undefined;

/** Why the corpus tests are skipped (undefined when the corpus is there). */
export const corpusMissing: string | undefined = corpusDir
  ? undefined
  : `no snippet corpus at ${wanted} (it sits beside CI's clone; ONHANDSHAKE_CORPUS=DIR names another folder)`;

/** A describe block that needs the corpus: skipped, with one printed line, where it is absent. */
export function describeWithCorpus(name: string, body: () => void): void {
  if (corpusMissing) console.warn(`skipped '${name}': ${corpusMissing}`);
  describe.skipIf(corpusMissing !== undefined)(name, body);
}
