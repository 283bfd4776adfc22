/**
 * Reads a `*.test.yaml` file: YAML with positions (so every problem and every failing expectation
 * names its line), checked against the shipped JSON Schema.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { checkSchema, formatPath, type JsonSchema } from './schema-check.js';
import type { TestFileSpec, YamlLocation } from './format.js';

export interface TestFileProblem extends YamlLocation {
  message: string;
}

export interface LoadedTestFile {
  file: string;
  /** The document, kept for `--update` (comments and order survive). */
  document: Document;
  /** The file's text as read, which `--update` edits in place. */
  source: string;
  spec?: TestFileSpec;
  problems: TestFileProblem[];
  /** The location of the node at `path` (or its nearest existing parent). */
  locate(path: ReadonlyArray<string | number>): YamlLocation;
}

let cachedSchema: JsonSchema | undefined;

/** The shipped schema: schemas/ sits two levels above this file in src/ and three in dist/src/. */
export function policyTestSchema(): JsonSchema {
  if (cachedSchema) return cachedSchema;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      cachedSchema = JSON.parse(readFileSync(join(dir, 'schemas', 'policy-test.schema.json'), 'utf8')) as JsonSchema;
      return cachedSchema;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('onhandshake: schemas/policy-test.schema.json not found next to the package');
}

export function loadTestFile(file: string, text?: string): LoadedTestFile {
  let source: string;
  try {
    source = text ?? readFileSync(file, 'utf8');
  } catch (err) {
    const document = parseDocument('');
    return {
      file,
      document,
      source: '',
      problems: [{ file, line: 1, column: 1, message: `cannot read the test file: ${(err as Error).message}` }],
      locate: () => ({ file, line: 1, column: 1 }),
    };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, keepSourceTokens: false, prettyErrors: false });
  const position = (offset: number): YamlLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  // A map entry is located at its key (`hub:`), anything else at its value.
  const locate = (path: ReadonlyArray<string | number>): YamlLocation => {
    for (let n = path.length; n >= 0; n--) {
      if (n > 0) {
        const parent = document.getIn(path.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path[n - 1]));
          if (pair && isNode(pair.key) && pair.key.range) return position(pair.key.range[0]);
        }
      }
      const node = n === 0 ? document.contents : document.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return position(node.range[0]);
    }
    return { file, line: 1, column: 1 };
  };

  const problems: TestFileProblem[] = [];
  for (const error of document.errors) {
    problems.push({ ...position(error.pos[0]), message: `YAML: ${error.message.split('\n')[0]}` });
  }
  if (problems.length) return { file, document, source, problems, locate };

  const value: unknown = document.toJS({ maxAliasCount: 100 });
  for (const problem of checkSchema(policyTestSchema(), value)) {
    const where = formatPath(problem.path);
    problems.push({ ...locate(problem.path), message: where ? `${where}: ${problem.message}` : problem.message });
  }
  if (problems.length) return { file, document, source, problems, locate };

  const spec = value as TestFileSpec;
  if ([spec.policy, spec.config, spec.apiops].filter((s) => s !== undefined).length !== 1) {
    problems.push({ ...locate([]), message: 'give exactly one of `policy` (a policy XML file), `config` (a gateway configuration) or `apiops` (an APIOps folder) ' });
  }
  if ((spec.config || spec.apiops) && typeof spec.api !== 'string') {
    problems.push({ ...locate(['api']), message: `with \`${spec.config ? 'config' : 'apiops'}\`, \`api\` names the API to test` });
  }
  if (spec.apiopsConfig !== undefined && spec.apiops === undefined) {
    problems.push({ ...locate(['apiopsConfig']), message: '`apiopsConfig` is the override file of an `apiops` folder: give `apiops` too' });
  }
  if (spec.defaults?.now !== undefined && fixedTime(spec.defaults.now) === undefined) {
    problems.push({ ...locate(['defaults', 'now']), message: `defaults.now: ${NOW_FORMAT}, not '${spec.defaults.now}'` });
  }
  const seen = new Map<string, number>();
  spec.cases.forEach((c, i) => {
    if (c.now !== undefined && fixedTime(c.now) === undefined) {
      problems.push({ ...locate(['cases', i, 'now']), message: `cases[${i}].now: ${NOW_FORMAT}, not '${c.now}'` });
    }
    const before = seen.get(c.name);
    if (before !== undefined) {
      problems.push({ ...locate(['cases', i, 'name']), message: `case name '${c.name}' is also used by cases[${before}]` });
    }
    seen.set(c.name, i);
    if (c.expect?.connect && c.expect.respond) {
      problems.push({ ...locate(['cases', i, 'expect']), message: 'a case expects either `connect` or `respond`, not both' });
    }
  });
  return { file, document, source, spec: problems.length ? undefined : spec, problems, locate };
}

const NOW_FORMAT = 'expected a date and time with its zone, such as 2026-01-01T00:00:00Z';

/** Milliseconds since the epoch of a `now:` value, or undefined unless it is ISO 8601 with a zone. */
export function fixedTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
