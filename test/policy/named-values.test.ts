import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNamedValues, mergeNamedValues, namedValuesFromEnv, parseNamedValues } from '../../src/policy/index.js';
import { fixturesDir } from './helpers.js';

describe('loadNamedValues', () => {
  it('reads JSON, plain and secret, keyed by lower-cased name', () => {
    const { values, diagnostics } = loadNamedValues(join(fixturesDir, 'named-values.json'));
    expect(diagnostics).toEqual([]);
    expect(values.get('tenantid')).toEqual({ value: 'contoso.onmicrosoft.com', secret: false });
    expect(values.get('clientsecret')).toEqual({ value: 's3cr3t-value', secret: true });
    expect(values.has('TenantId')).toBe(false);
  });

  it('reads YAML the same way, numbers as text', () => {
    const { values, diagnostics } = loadNamedValues(join(fixturesDir, 'named-values.yaml'));
    expect(diagnostics).toEqual([]);
    expect(values.get('backend-url')!.value).toBe('wss://echo.example.test/ws');
    expect(values.get('clientsecret')!.secret).toBe(true);
    expect(values.get('maxage')).toEqual({ value: '3600', secret: false });
  });

  it('locates malformed files and entries', () => {
    expect(parseNamedValues('{"a": "1",\n "b": }', 'nv.json').diagnostics.map((d) => [d.code, d.line])).toEqual([['OH203', 2]]);
    const bad = parseNamedValues('a: 1\nb:\n  secret: true\nc: [1]\nA: 2\n"x y": 3\nd:\n  value: v\n  secret: "yes"\n', 'nv.yaml');
    expect(bad.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['OH203@3', 'OH203@4', 'OH203@5', 'OH203@6', 'OH203@9']);
    expect(bad.values.get('a')!.value).toBe('1');
    expect(parseNamedValues('[1, 2]', 'nv.json').diagnostics[0]!.code).toBe('OH203');
  });

  it('warns about references inside values, which stay text', () => {
    const { diagnostics } = parseNamedValues('{"a": "x{{b}}"}', 'nv.json');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['OH204', 'warning']]);
  });

  it('reports a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nv-'));
    try {
      expect(loadNamedValues(join(dir, 'none.json')).diagnostics[0]!.code).toBe('OH203');
      writeFileSync(join(dir, 'empty.yaml'), '');
      expect(loadNamedValues(join(dir, 'empty.yaml'))).toEqual({ values: new Map(), diagnostics: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('named values from the environment', () => {
  it('takes ONHANDSHAKE_NV_ variables, case-insensitively', () => {
    const values = namedValuesFromEnv({ ONHANDSHAKE_NV_Api_Key: 'k', OTHER: 'x', ONHANDSHAKE_NV_: 'ignored' });
    expect([...values]).toEqual([['api_key', { value: 'k', secret: false }]]);
  });

  it("reads '__' as '-', which shells cannot export", () => {
    expect(namedValuesFromEnv({ ONHANDSHAKE_NV_Backend__Url: 'wss://x' }).get('backend-url')!.value).toBe('wss://x');
  });

  it('accepts another prefix', () => {
    expect(namedValuesFromEnv({ NV_a: '1' }, 'NV_').get('a')!.value).toBe('1');
  });

  it('lets later sources win, and says when there is no source at all', () => {
    const merged = mergeNamedValues(new Map([['a', { value: 'file', secret: true }]]), new Map([['a', { value: 'env', secret: false }]]));
    expect(merged!.get('a')!.value).toBe('env');
    expect(mergeNamedValues(undefined, undefined)).toBeUndefined();
  });
});
