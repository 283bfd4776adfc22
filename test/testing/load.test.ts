import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadTestFile } from '../../src/testing/load.js';
import { checkSchema, type JsonSchema } from '../../src/testing/schema-check.js';

const FILE = '/virtual/x.test.yaml';

describe('loading test files', () => {
  it('accepts a full file and keeps positions', () => {
    const loaded = loadTestFile(
      FILE,
      `# a comment
policy: chat.xml
namedValues:
  chat-app-url: http://app.test
  key: { value: s3cret, secret: true }
defaults:
  handshake: { clientIp: 10.0.0.1 }
  mocks:
    - { method: GET, url: "http://app.test/*", status: 200, body: { url: "x" } }
cases:
  - name: one
    handshake: { url: "/chat?x=1", headers: { X-A: [a, b] }, subscriptionKey: k }
    mocks: [{ url: /negotiate/, fail: connect }]
    expect:
      respond: { status: 500 }
`,
    );
    expect(loaded.problems).toEqual([]);
    expect(loaded.spec!.cases[0]!.name).toBe('one');
    expect(loaded.locate(['cases', 0, 'expect', 'respond', 'status'])).toEqual({ file: FILE, line: 15, column: 18 });
  });

  it('reports unknown keys with the file line and the keys it expected', () => {
    const loaded = loadTestFile(FILE, 'policy: a.xml\ncases:\n  - name: one\n    expect:\n      conect: {}\n');
    expect(loaded.spec).toBeUndefined();
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ line: 5, column: 7 });
    expect(loaded.problems[0]!.message).toMatch(/cases\[0\]\.expect\.conect: unknown key 'conect' \(expected one of: connect, respond/);
  });

  it('reports wrong types and bad enum values at their line', () => {
    const loaded = loadTestFile(FILE, 'policy: a.xml\ncases:\n  - name: one\n    mocks:\n      - url: x\n        fail: refuse\n        status: "200"\n');
    const messages = loaded.problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toContain('6: cases[0].mocks[0].fail: must be one of "connect", "timeout"');
    expect(messages).toContain('7: cases[0].mocks[0].status: expected integer, got string');
  });

  it('reports YAML syntax errors with their position', () => {
    const loaded = loadTestFile(FILE, 'policy: a.xml\ncases:\n  - name: [unclosed\n');
    expect(loaded.problems[0]!.message).toMatch(/^YAML: /);
    expect(loaded.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('needs exactly one of policy and config, and an api name with config', () => {
    expect(loadTestFile(FILE, 'cases:\n  - name: a\n').problems[0]!.message).toMatch(/exactly one of `policy`/);
    expect(loadTestFile(FILE, 'policy: a\nconfig: b\ncases:\n  - name: a\n').problems[0]!.message).toMatch(/exactly one of/);
    expect(loadTestFile(FILE, 'config: b\ncases:\n  - name: a\n').problems[0]!.message).toMatch(/`api` names the API/);
  });

  it('rejects duplicate case names and a case expecting both connect and respond', () => {
    const loaded = loadTestFile(FILE, 'policy: a\ncases:\n  - name: a\n  - name: a\n    expect: { connect: {}, respond: {} }\n');
    expect(loaded.problems.map((p) => p.message)).toEqual([
      "case name 'a' is also used by cases[0]",
      'a case expects either `connect` or `respond`, not both',
    ]);
  });

  it('reports an unreadable file', () => {
    const loaded = loadTestFile('/nonexistent/x.test.yaml');
    expect(loaded.problems[0]!.message).toMatch(/cannot read the test file/);
  });
});

describe('the shipped schema and its checker', () => {
  const schema = JSON.parse(readFileSync('schemas/policy-test.schema.json', 'utf8')) as JsonSchema;

  it('resolves every $ref it uses', () => {
    const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(schema.$defs, ref).toHaveProperty(ref);
  });

  it('checks anyOf, required, minItems and nested items', () => {
    expect(checkSchema(schema, { cases: [] }).map((p) => p.message)).toEqual(['needs at least 1 item(s)']);
    expect(checkSchema(schema, { cases: [{}] }).map((p) => p.message)).toEqual(["missing required key 'name'"]);
    expect(checkSchema(schema, { policy: 'x', cases: [{ name: 'a', expect: { steps: [1] } }] })[0]!.path).toEqual(['cases', 0, 'expect', 'steps', 0]);
    expect(checkSchema(schema, { policy: 'x', api: { name: 'a' }, cases: [{ name: 'a' }] })).toEqual([]);
  });
});
