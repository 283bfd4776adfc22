/** The one query-string encoder: .NET's Uri.EscapeDataString, shared by the backend URL and Url.QueryString. */
import { describe, expect, it } from 'vitest';
import { encodeQueryComponent, formatQuery } from '../../src/common/query-string.js';
import { buildBackendUrl } from '../../src/steps/runtime/url.js';
import { compileExpression, dotnet, sourceFromString } from '../../src/expressions/index.js';
import { stateFromJson } from '../../src/expressions/host/state-from-json.js';
import { evaluate } from '../expressions/table.js';

describe('encodeQueryComponent', () => {
  it.each([
    ['plain-._~09AZaz', 'plain-._~09AZaz'],
    ["it's (a)*!", 'it%27s%20%28a%29%2A%21'],
    ['a+b=c&d/e?f#g', 'a%2Bb%3Dc%26d%2Fe%3Ff%23g'],
    ['ü€😀', '%C3%BC%E2%82%AC%F0%9F%98%80'],
    ['x\uD800y', 'x%EF%BF%BDy'],
  ])('%j → %s', (text, encoded) => {
    expect(encodeQueryComponent(text)).toBe(encoded);
  });
});

describe('one encoding everywhere', () => {
  it("Url.QueryString in C# and request.url in JSONata read as the backend URL", async () => {
    const query: Array<[string, string]> = [
      ['q', "it's (a)*!"],
      ['name', 'ü b'],
    ];
    const url = `wss://backend.test/hub?${formatQuery(query)}`;
    const state = stateFromJson({ request: { method: 'GET', url } });
    const backend = buildBackendUrl('wss://backend.test/hub', '', query);
    expect(evaluate('context.Request.Url.QueryString', state).text).toBe(backend.slice(backend.indexOf('?')));
    expect(evaluate('context.Request.Url.ToString()', state).text).toBe(backend);
    const jsonata = compileExpression(sourceFromString('request.url', 'jsonata', 'policy.xml')).evaluator!;
    expect(dotnet.toString(await jsonata.evaluate(state))).toBe(backend);
  });
});
