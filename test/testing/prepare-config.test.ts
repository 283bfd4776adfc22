import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTestFile } from '../../src/testing/load.js';
import { prepareTarget } from '../../src/testing/prepare.js';
import { runFile } from '../../src/testing/runner.js';

const DIR = resolve('test/fixtures/testing/config');

describe('config + api test files', () => {
  it('run the API as the gateway serves it: product policy, named values, subscription keys', async () => {
    const result = await runFile(loadTestFile(resolve(DIR, 'echo.test.yaml')), { prepare: prepareTarget });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.cases.map((c) => [c.name, c.status, c.error ?? c.failures.map((f) => f.message)])).toEqual([
      ["gold subscriber runs the product's policy too", 'pass', []],
      ['missing key', 'pass', []],
      ['wrong key', 'pass', []],
    ]);
  });

  it("the test file's named values override the configuration's", async () => {
    const text = readFileSync(resolve(DIR, 'echo.test.yaml'), 'utf8').replace('api: echo', 'api: echo\nnamedValues: { room: attic }');
    const result = await runFile(loadTestFile(resolve(DIR, 'override.test.yaml'), text), { prepare: prepareTarget });
    expect(result.cases[0]!.failures.map((f) => f.message)).toEqual(['expected "lobby", got "attic"']);
  });

  it('an API the configuration does not have is reported against the configuration', async () => {
    const text = 'config: onhandshake.yaml\napi: nope\ncases:\n  - name: a\n';
    const result = await runFile(loadTestFile(resolve(DIR, 'missing.test.yaml'), text), { prepare: prepareTarget });
    expect(result.diagnostics.map((d) => d.message)).toEqual(["no API named 'nope' in the configuration (its APIs: echo)"]);
    expect(result.cases[0]!.status).toBe('error');
  });
});
