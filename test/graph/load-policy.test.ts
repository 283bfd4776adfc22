import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilerCheckPass } from '../../src/graph/check-pass.js';
import { loadPolicy } from '../../src/graph/load-policy.js';
import { RunContext } from '../../src/steps/runtime/run-context.js';
import { runSteps } from '../../src/steps/runtime/run-steps.js';
import { createState } from '../../src/graph/create-state.js';
import { simulatedInput } from '../../src/graph/simulated-input.js';
import { readPolicyText } from '../../src/policy/index.js';
import { compile, policy } from './helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'graph');

describe('loading a policy file for trace and graph', () => {
  it('inlines fragments, marks their steps in the trace, and masks secret named values', async () => {
    const loaded = loadPolicy(join(fixtures, 'with-fragment.xml'), {
      fragmentsDir: join(fixtures, 'fragments'),
      namedValuesFile: join(fixtures, 'secret-named-values.yaml'),
    });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = await loaded.compiled!.graph!.run(simulatedInput({ url: 'ws://gw/chat', serviceUrl: 'ws://be/' }), { trace: true });
    expect(r.decision).toMatchObject({ kind: 'connect', backendUrl: 'ws://be/?room=lobby' });
    if (r.decision.kind === 'connect') expect(r.decision.headers.get('x-secret')).toBe('s3cr3t-value-42');
    const fromFragment = r.trace!.traceEntries.inbound.find((e) => e.source === 'set-query-parameter')!;
    expect(fromFragment).toMatchObject({ file: join(fixtures, 'fragments', 'add-room.xml'), line: 2, data: { fragment: 'add-room' } });
    expect(JSON.stringify(r.trace)).not.toContain('s3cr3t-value-42');
  });

  it('an include-fragment that could not be inlined is an error, not a silent no-op', () => {
    const loaded = loadPolicy(join(fixtures, 'with-fragment.xml'), { namedValuesFile: join(fixtures, 'secret-named-values.yaml') });
    expect(loaded.compiled?.graph).toBeUndefined();
    expect(loaded.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', line: 4 }));
  });
});

describe('the compiler as a check pass', () => {
  it('reports attribute and policy findings, leaving onHandshake rules to the reader', () => {
    const read = readPolicyText(policy('<set-variable nmae="a" value="1" name="b" />\n<set-method>POST</set-method>'), 'c.xml');
    const found = compilerCheckPass(read.document!.sections, read.document!);
    expect(found.map((d) => d.code)).toEqual(['OH402']);
  });
});

describe('synchronous where possible', () => {
  it('a graph without callouts runs without a single Promise', () => {
    const { graph } = compile(policy('<set-variable name="a" value="@(1 + 1)" /><choose><when condition="@(true)"><set-header name="X" exists-action="append"><value>1</value></set-header></when></choose><set-query-parameter name="q" exists-action="override"><value>v</value></set-query-parameter>'));
    const state = createState(simulatedInput(), false, null);
    const rt = new RunContext(state, {}, { send: () => Promise.reject(new Error('no callouts here')) }, 'inbound', null, { backendPath: '', secrets: [] });
    expect(runSteps(graph!.sections.inbound, rt)).toBeUndefined();
    expect(state.request.headers.get('x')).toBe('1');
    expect(state.request.url.query).toContainEqual(['q', 'v']);
  });
});
